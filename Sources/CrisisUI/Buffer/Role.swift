/// What a cell means, never what colour it is: themes map roles to colours and attributes.
public enum Role: String, CaseIterable, Codable, Sendable {
    case normal, muted, border
    case borderFocus = "border.focus"
    case title
    case titleFocus = "title.focus"
    case header
    case cursor
    case cursorDim = "cursor.dim"
    case severity1 = "severity.1"
    case severity2 = "severity.2"
    case severity3 = "severity.3"
    case severity4 = "severity.4"
    case alert0 = "alert.level.0"
    case alert1 = "alert.level.1"
    case alert2 = "alert.level.2"
    case alert3 = "alert.level.3"
    case alert4 = "alert.level.4"
    case checkDone = "check.done"
    case checkOpen = "check.open"
    case checkBlocked = "check.blocked"
    case checkNA = "check.na"
    case checkOverdue = "check.overdue"
    case onDuty = "duty.on"
    case onCall = "duty.call"
    case offDuty = "duty.off"
    case unavailable = "duty.unavailable"
    case stale, changed, total
    case deltaUp = "delta.up"
    case deltaDown = "delta.down"
    case flashInfo = "flash.info"
    case flashWarn = "flash.warn"
    case flashError = "flash.error"
    case statusbar
    case statusOK = "status.ok"
    case statusBusy = "status.busy"
    case statusError = "status.error"
    case keyHint = "hint"
    case keyHintKey = "hint.key"
    case bar
    case barEmpty = "bar.empty"
    case bigDigits = "big.digits"
    case marker
    case formLabel = "form.label"
    case formField = "form.field"
    case formFieldFocus = "form.field.focus"
    case formError = "form.error"
    case dialog

    public static func severity(_ n: Int) -> Role {
        [.severity1, .severity1, .severity2, .severity3, .severity4][max(0, min(4, n))]
    }
    public static func alert(_ level: Int) -> Role {
        [.alert0, .alert1, .alert2, .alert3, .alert4][max(0, min(4, level))]
    }
}
