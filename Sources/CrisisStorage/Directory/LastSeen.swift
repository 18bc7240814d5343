import CrisisModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where each operator last looked at the data: the operation number and time, one small file per operator in
/// `seen/`, so "since you last looked" survives a restart and follows the operator, not the terminal.
public enum LastSeen {
    public struct Point: Codable, Equatable, Sendable {
        public var seq: Int
        public var time: Date
        public init(seq: Int, time: Date) {
            self.seq = seq
            self.time = time
        }
    }

    static func path(_ directory: DataDirectory, _ who: String) -> String {
        directory.path + "/seen/" + fileName(who) + ".json"
    }

    /// Any operator's name made safe as a file name: letters and digits kept, everything else written as its code.
    public static func fileName(_ who: String) -> String {
        who.unicodeScalars.map { s in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_"))
                ? String(s) : String(format: "%%%X", s.value)
        }.joined()
    }

    public static func read(_ directory: DataDirectory, operator who: String) -> Point? {
        guard let data = try? PosixFile.read(path(directory, who)), StrictJSON.validate(data) == nil else { return nil }
        return try? JSONCoding.decoder().decode(Point.self, from: data)
    }

    /// Saves the point; a failure is ignored (it is a courtesy: the summary shows more next time).
    public static func write(_ point: Point, _ directory: DataDirectory, operator who: String) {
        let dir = directory.path + "/seen"
        var st = stat()
        if lstat(dir, &st) != 0 { mkdir(dir, PosixFile.dirMode) }
        guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == geteuid(),
            let data = try? JSONCoding.encoder().encode(point)
        else { return }
        try? PosixFile.atomicWrite(data, to: path(directory, who))
    }
}
