import Foundation

/// A phone number as typed: plausible when it has enough digits and nothing but dialling characters.
public enum Phone {
    public static func isPlausible(_ text: String) -> Bool {
        let digits = text.filter { $0.isASCII && $0.isNumber }.count
        return digits >= 3 && text.allSatisfy { ($0.isASCII && $0.isNumber) || " +()-.".contains($0) }
    }
}
