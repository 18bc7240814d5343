import Foundation

/// Text folded for matching what people type against names and headers: lower case, no accents, letters and
/// digits only ("As-of" → "asof", "Côte d'Ivoire" → "cotedivoire").
public enum TextFolding {
    public static func fold(_ s: String) -> String {
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return String(folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
