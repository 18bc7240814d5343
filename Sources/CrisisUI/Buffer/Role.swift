/// What a cell means, never what colour it is: themes map roles to colours and attributes.
public enum Role: String, CaseIterable, Codable, Sendable {
    case normal, muted, border, borderFocus = "border.focus", title, titleFocus = "title.focus", header
    case cursor, cursorDim = "cursor.dim"
    case severity1 = "severity.1", severity2 = "severity.2", severity3 = "severity.3", severity4 = "severity.4"
    case alert0 = "alert.level.0", alert1 = "alert.level.1", alert2 = "alert.level.2", alert3 = "alert.level.3", alert4 = "alert.level.4"
    case checkDone = "check.done", checkOpen = "check.open", checkBlocked = "check.blocked", checkNA = "check.na", checkOverdue = "check.overdue"
    case onDuty = "duty.on", onCall = "duty.call", offDuty = "duty.off", unavailable = "duty.unavailable"
    case stale, changed, total
    case deltaUp = "delta.up", deltaDown = "delta.down"
    case flashInfo = "flash.info", flashWarn = "flash.warn", flashError = "flash.error"
    case statusbar, statusOK = "status.ok", statusBusy = "status.busy", statusError = "status.error"
    case keyHint = "hint", keyHintKey = "hint.key"
    case bar, barEmpty = "bar.empty", bigDigits = "big.digits", marker
    case formLabel = "form.label", formField = "form.field", formFieldFocus = "form.field.focus", formError = "form.error"
    case dialog

    public static func severity(_ n: Int) -> Role { [.severity1, .severity1, .severity2, .severity3, .severity4][max(0, min(4, n))] }
    public static func alert(_ level: Int) -> Role { [.alert0, .alert1, .alert2, .alert3, .alert4][max(0, min(4, level))] }
}
