/// Themes compiled in, so the console runs with no theme files at all.
public enum BuiltinThemes {
    public static let all: [Theme] = [dark, highContrast, mono]

    public static func named(_ name: String) -> Theme? { all.first { $0.name == name } }

    private static func s(
        _ fg: ThemeColor, _ bg: ThemeColor = .terminalDefault, _ attrs: Attributes = [], mono: Attributes = []
    ) -> RoleStyle {
        RoleStyle(fg: fg, bg: bg, attrs: attrs, mono: mono)
    }
    private static func s(_ fg: ThemeColor, _ attrs: Attributes, mono: Attributes = []) -> RoleStyle {
        RoleStyle(fg: fg, bg: .terminalDefault, attrs: attrs, mono: mono)
    }

    public static let dark = Theme(
        name: "default",
        styles: [
            .normal: s(.terminalDefault), .muted: s(.indexed(245), mono: [.dim]),
            .border: s(.indexed(240)), .borderFocus: s(.indexed(75), [.bold], mono: [.bold]),
            .title: s(.indexed(250), [.bold], mono: [.bold]),
            .titleFocus: s(.indexed(81), [.bold], mono: [.bold, .underline]),
            .header: s(.indexed(250), [.bold], mono: [.bold]),
            .cursor: s(.indexed(231), .indexed(25), [.bold], mono: [.reverse]),
            .cursorDim: s(.terminalDefault, .indexed(237), mono: [.underline]),
            .severity1: s(.indexed(250)), .severity2: s(.indexed(221), mono: [.bold]),
            .severity3: s(.indexed(208), [.bold], mono: [.bold]),
            .severity4: s(.indexed(203), [.bold], mono: [.bold, .reverse]),
            .alert0: s(.indexed(245)), .alert1: s(.indexed(117)), .alert2: s(.indexed(221), mono: [.bold]),
            .alert3: s(.indexed(208), [.bold], mono: [.bold]),
            .alert4: s(.indexed(203), [.bold], mono: [.bold, .reverse]),
            .checkDone: s(.indexed(114)), .checkOpen: s(.terminalDefault),
            .checkBlocked: s(.indexed(208), [.bold], mono: [.bold]),
            .checkNA: s(.indexed(245), mono: [.dim]),
            .checkOverdue: s(.indexed(203), [.bold], mono: [.bold, .underline]),
            .onDuty: s(.indexed(114), [.bold], mono: [.bold]), .onCall: s(.indexed(221)),
            .offDuty: s(.indexed(245), mono: [.dim]),
            .unavailable: s(.indexed(240), mono: [.dim]),
            .stale: s(.indexed(208), [.bold], mono: [.bold]),
            .changed: s(.indexed(229), .indexed(58), [.bold], mono: [.bold, .underline]),
            .total: s(.terminalDefault, [.bold], mono: [.bold]),
            .deltaUp: s(.indexed(215)), .deltaDown: s(.indexed(114)),
            .flashInfo: s(.indexed(231), .indexed(24)),
            .flashWarn: s(.indexed(16), .indexed(221), [.bold], mono: [.bold, .reverse]),
            .flashError: s(.indexed(231), .indexed(124), [.bold], mono: [.bold, .reverse]),
            .statusbar: s(.indexed(252), .indexed(236)), .statusOK: s(.indexed(114), .indexed(236), [.bold]),
            .statusBusy: s(.indexed(221), .indexed(236), [.bold]),
            .statusError: s(.indexed(231), .indexed(124), [.bold], mono: [.bold, .reverse]),
            .keyHint: s(.indexed(250), .indexed(235)),
            .keyHintKey: s(.indexed(81), .indexed(235), [.bold], mono: [.bold]),
            .bar: s(.indexed(75)), .barEmpty: s(.indexed(238)), .bigDigits: s(.indexed(81), [.bold]),
            .marker: s(.indexed(81), [.bold]),
            .formLabel: s(.indexed(250)), .formField: s(.terminalDefault, .indexed(237), mono: [.underline]),
            .formFieldFocus: s(.indexed(231), .indexed(238), mono: [.underline, .bold]),
            .formError: s(.indexed(203), [.bold], mono: [.bold]),
            .dialog: s(.terminalDefault, .indexed(234)),
        ])

    /// For a projector: white on black, bold, nothing thin or dim.
    public static let highContrast = Theme(
        name: "high-contrast",
        styles: [
            .normal: s(.rgb(255, 255, 255), .rgb(0, 0, 0)), .muted: s(.rgb(210, 210, 210), .rgb(0, 0, 0)),
            .border: s(.rgb(200, 200, 200), .rgb(0, 0, 0)),
            .borderFocus: s(.rgb(255, 255, 0), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .title: s(.rgb(255, 255, 255), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .titleFocus: s(.rgb(255, 255, 0), .rgb(0, 0, 0), [.bold], mono: [.bold, .underline]),
            .header: s(.rgb(255, 255, 255), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .cursor: s(.rgb(0, 0, 0), .rgb(255, 255, 0), [.bold], mono: [.reverse]),
            .cursorDim: s(.rgb(255, 255, 255), .rgb(60, 60, 60), mono: [.underline]),
            .severity1: s(.rgb(255, 255, 255), .rgb(0, 0, 0)),
            .severity2: s(.rgb(255, 255, 0), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .severity3: s(.rgb(255, 175, 0), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .severity4: s(.rgb(255, 95, 95), .rgb(0, 0, 0), [.bold], mono: [.bold, .reverse]),
            .alert0: s(.rgb(210, 210, 210), .rgb(0, 0, 0)), .alert1: s(.rgb(135, 215, 255), .rgb(0, 0, 0), [.bold]),
            .alert2: s(.rgb(255, 255, 0), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .alert3: s(.rgb(255, 175, 0), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .alert4: s(.rgb(255, 95, 95), .rgb(0, 0, 0), [.bold], mono: [.bold, .reverse]),
            .checkDone: s(.rgb(135, 255, 135), .rgb(0, 0, 0), [.bold]),
            .checkOpen: s(.rgb(255, 255, 255), .rgb(0, 0, 0)),
            .checkBlocked: s(.rgb(255, 175, 0), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .checkNA: s(.rgb(210, 210, 210), .rgb(0, 0, 0)),
            .checkOverdue: s(.rgb(255, 95, 95), .rgb(0, 0, 0), [.bold], mono: [.bold, .underline]),
            .onDuty: s(.rgb(135, 255, 135), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .onCall: s(.rgb(255, 255, 0), .rgb(0, 0, 0)),
            .offDuty: s(.rgb(210, 210, 210), .rgb(0, 0, 0)), .unavailable: s(.rgb(210, 210, 210), .rgb(0, 0, 0)),
            .stale: s(.rgb(0, 0, 0), .rgb(255, 175, 0), [.bold], mono: [.reverse]),
            .changed: s(.rgb(0, 0, 0), .rgb(255, 255, 135), [.bold], mono: [.reverse]),
            .total: s(.rgb(255, 255, 255), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .deltaUp: s(.rgb(255, 175, 95), .rgb(0, 0, 0), [.bold]),
            .deltaDown: s(.rgb(135, 255, 135), .rgb(0, 0, 0), [.bold]),
            .flashInfo: s(.rgb(255, 255, 255), .rgb(0, 0, 135), [.bold]),
            .flashWarn: s(.rgb(0, 0, 0), .rgb(255, 255, 0), [.bold], mono: [.reverse]),
            .flashError: s(.rgb(255, 255, 255), .rgb(175, 0, 0), [.bold], mono: [.reverse, .bold]),
            .statusbar: s(.rgb(255, 255, 255), .rgb(0, 0, 0), [.bold]),
            .statusOK: s(.rgb(135, 255, 135), .rgb(0, 0, 0), [.bold]),
            .statusBusy: s(.rgb(255, 255, 0), .rgb(0, 0, 0), [.bold]),
            .statusError: s(.rgb(255, 255, 255), .rgb(175, 0, 0), [.bold], mono: [.reverse]),
            .keyHint: s(.rgb(255, 255, 255), .rgb(0, 0, 0)),
            .keyHintKey: s(.rgb(255, 255, 0), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .bar: s(.rgb(135, 215, 255), .rgb(0, 0, 0)), .barEmpty: s(.rgb(150, 150, 150), .rgb(0, 0, 0)),
            .bigDigits: s(.rgb(255, 255, 255), .rgb(0, 0, 0), [.bold]),
            .marker: s(.rgb(255, 255, 0), .rgb(0, 0, 0), [.bold]),
            .formLabel: s(.rgb(255, 255, 255), .rgb(0, 0, 0)),
            .formField: s(.rgb(255, 255, 255), .rgb(40, 40, 40), mono: [.underline]),
            .formFieldFocus: s(.rgb(0, 0, 0), .rgb(255, 255, 255), mono: [.reverse]),
            .formError: s(.rgb(255, 95, 95), .rgb(0, 0, 0), [.bold], mono: [.bold]),
            .dialog: s(.rgb(255, 255, 255), .rgb(0, 0, 0)),
        ])

    /// No colour at all: every role carries its meaning in attributes (and the glyphs always carry it in text).
    public static let mono = Theme(
        name: "mono",
        styles: Dictionary(
            uniqueKeysWithValues: Role.allCases.map { role in
                (
                    role,
                    RoleStyle(
                        fg: .terminalDefault, bg: .terminalDefault, attrs: dark.style(role).mono,
                        mono: dark.style(role).mono)
                )
            }), paints: false)
}
