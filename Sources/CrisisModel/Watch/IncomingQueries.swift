import Foundation

/// The cell's rule for a banner: a grave item (GDACS red, CAP Extreme/Severe and Immediate, US Level 4, a PAGER
/// red quake) in a country where at least `nationals` of ours are.
public struct IncomingThreshold: Equatable, Sendable {
    public var nationals: Int
    public static let standard = IncomingThreshold(nationals: 1_000)
    public init(nationals: Int) { self.nationals = nationals }
}

extension World {
    /// How many of our nationals are in a country: the largest of its stock estimate, registered and affected.
    public func nationals(in code: String) -> Int {
        guard let c = countries[code] else { return 0 }
        return [CountKind.stock, .registered, .affected].compactMap { c.count($0) }.max() ?? 0
    }

    public func nationals(in codes: [String]) -> Int { codes.reduce(0) { $0 + nationals(in: $1) } }

    /// Incoming items in the order the team works them: untriaged before decided, then the source's level, then
    /// how many of our nationals are where it happens, newest first. Withdrawn ones go with the decided.
    public var incomingRanked: [IncomingItem] {
        memo("incoming-ranked", on: .watch) {
            let scored = watch.incoming.values.map { ($0, nationals(in: $0.item.countries)) }
            return scored.sorted { a, b in
                let (x, nx) = a
                let (y, ny) = b
                let ox = x.status == .new && !x.withdrawn
                let oy = y.status == .new && !y.withdrawn
                if ox != oy { return ox }
                if x.item.severity != y.item.severity { return x.item.severity > y.item.severity }
                if nx != ny { return nx > ny }
                let tx = x.item.time ?? x.received
                let ty = y.item.time ?? y.received
                if tx != ty { return tx > ty }
                return x.key < y.key
            }.map(\.0)
        }
    }

    /// Whether an item asks for a banner: grave by the source, untriaged, standing, where enough nationals are.
    public func raisesBanner(_ r: IncomingItem) -> Bool { raisesBanner(r, threshold: cell.incomingThreshold) }

    public func raisesBanner(_ r: IncomingItem, threshold: IncomingThreshold) -> Bool {
        r.status == .new && !r.withdrawn && r.item.isAboveDefaultThreshold
            && r.item.countries.contains { nationals(in: $0) >= threshold.nationals }
    }

    /// The items raising a banner now, gravest first.
    public func incomingBanners() -> [IncomingItem] { incomingBanners(threshold: cell.incomingThreshold) }

    public func incomingBanners(threshold: IncomingThreshold) -> [IncomingItem] {
        incomingRanked.filter { raisesBanner($0, threshold: threshold) }
    }

    /// The keys of the items raising a banner under the cell's threshold, worked out once per version.
    public var incomingBannerKeys: [String] {
        let threshold = cell.incomingThreshold
        return memo("incoming-banners|\(threshold.nationals)", on: .watch) {
            incomingBanners(threshold: threshold).map(\.key)
        }
    }

    /// The same as tokens "KEY#REVISION": a console's acknowledgement holds for the item as it was, and an update
    /// (a graver level) raises the banner again.
    public var incomingBannerTokens: [String] {
        let threshold = cell.incomingThreshold
        return memo("incoming-banner-tokens|\(threshold.nationals)", on: .watch) {
            incomingBanners(threshold: threshold).map { "\($0.key)#\($0.revisions)" }
        }
    }

    /// The key a banner token names.
    public static func key(ofBannerToken token: String) -> String {
        token.lastIndex(of: "#").map { String(token[..<$0]) } ?? token
    }

    /// The same as a set, for marking rows.
    public var incomingBannerSet: Set<String> {
        let threshold = cell.incomingThreshold
        return memo("incoming-banner-set|\(threshold.nationals)", on: .watch) { Set(incomingBannerKeys) }
    }

    /// How many items wait for a decision.
    public var incomingToTriage: Int {
        memo("incoming-to-triage", on: .watch) { incomingRanked.filter { $0.status == .new && !$0.withdrawn }.count }
    }

    /// Other governments' current advice for a country: the latest travel advice of each source naming it.
    public func advice(for code: String) -> [IncomingItem] {
        var latest: [String: IncomingItem] = [:]
        for r in watch.incoming.values where r.item.kind == "travel advice" && r.item.countries.contains(code) {
            if let held = latest[r.item.source], held.updated >= r.updated { continue }
            latest[r.item.source] = r
        }
        return latest.values.sorted { $0.item.source < $1.item.source }
    }

    /// Advice that changed after `time`: new advice, or a level that moved.
    public func adviceChanged(since time: Date) -> [IncomingItem] {
        watch.incoming.values.filter {
            $0.item.kind == "travel advice"
                && (($0.revisions == 0 && $0.received > time) || ($0.levelChanged.map { $0 > time } ?? false))
        }.sorted { ($0.since, $0.key) < ($1.since, $1.key) }
    }
}

extension IncomingItem {
    /// "since 2 Dec" words: when the source's current level took effect, as far as the cell knows.
    public var since: Date { levelChanged ?? item.time ?? received }
}
