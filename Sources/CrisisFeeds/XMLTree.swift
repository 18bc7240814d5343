import CrisisModel
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML document held as a small tree, each element with its namespace and the line it starts on, so a parser
/// can name the place of whatever it refuses. Feeds are at most a few megabytes (the fetcher caps them), so a tree
/// costs little and keeps each format's reading short.
public final class FeedElement: @unchecked Sendable {
    public let name: String
    public let namespace: String
    public let attributes: [String: String]
    public let line: Int
    public internal(set) var children: [FeedElement] = []
    public internal(set) var text = ""

    init(name: String, namespace: String, attributes: [String: String], line: Int) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.line = line
    }

    /// Children with this local name, in any namespace or in the one given.
    public func all(_ name: String, in namespace: String? = nil) -> [FeedElement] {
        children.filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    public func first(_ name: String, in namespace: String? = nil) -> FeedElement? {
        children.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The trimmed text of the first such child, nil when it is absent or empty.
    public func value(_ name: String, in namespace: String? = nil) -> String? {
        guard let t = first(name, in: namespace).map({ Self.trimmed($0.text) }), !t.isEmpty else { return nil }
        return t
    }

    /// Spaces and line breaks off both ends, by scalars (Foundation's trimming bridges through NSString, which
    /// cost a feed of a thousand items a third of its parsing time).
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return s }
        return String(scalars[first...last])
    }

    /// Every descendant with this local name (depth first), for formats that nest what they carry.
    public func descendants(_ name: String, in namespace: String? = nil) -> [FeedElement] {
        var found: [FeedElement] = []
        for c in children {
            if c.name == name && (namespace == nil || c.namespace == namespace) { found.append(c) }
            found += c.descendants(name, in: namespace)
        }
        return found
    }
}

public enum XMLTree {
    /// Parses a whole document; not well-formed XML is refused with the line and column where it broke.
    public static func parse(_ data: Data, feed: String) throws -> FeedElement {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        // libxml2's namespace complaints (an undeclared `media:` prefix, codes 200-299) are warnings: the
        // document is still whole, and real feeds carry them.
        let fatal = parser.parserError.map { !(200..<300).contains(($0 as NSError).code) } ?? false
        if !ok || fatal || builder.failure != nil || builder.root == nil {
            let line = builder.failureLine ?? parser.lineNumber
            let column = builder.failureColumn ?? parser.columnNumber
            var reason = "not well-formed XML"
            if builder.root == nil {
                reason = data.isEmpty ? "empty document" : "not XML"
            } else if let open = builder.openAtFailure ?? builder.stack.last {
                reason += " (inside <\(open.name)> from line \(open.line))"
            }
            throw FeedError(feed: feed, line: line, reason: "\(reason) at line \(line), column \(column)")
        }
        return builder.root!
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: FeedElement?
    var stack: [FeedElement] = []
    var failure: Error?
    var failureLine: Int?
    var failureColumn: Int?
    var openAtFailure: FeedElement?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let e = FeedElement(
            name: elementName, namespace: namespaceURI ?? "", attributes: attributes, line: parser.lineNumber)
        if let parent = stack.last { parent.children.append(e) } else if root == nil { root = e }
        stack.append(e)
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        stack.last?.text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard failure == nil, !(200..<300).contains((parseError as NSError).code) else { return }
        failure = parseError
        openAtFailure = stack.last
        failureLine = parser.lineNumber
        failureColumn = parser.columnNumber
    }
}
