import Foundation

/// A phone number as typed: plausible when it has enough digits and nothing but dialling characters.
public enum Phone {
    public static func isPlausible(_ text: String) -> Bool {
        // Bytes, not Characters: every allowed character is ASCII, and a contact list checks thousands of these.
        var digits = 0
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
            } else if !(b == 0x20 || b == 0x2B || b == 0x28 || b == 0x29 || b == 0x2D || b == 0x2E) {
                return false
            }
        }
        return digits >= 3
    }
}
