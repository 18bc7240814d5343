// SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here.
#ifndef CRISISCELL_CURSES_SHIM_H
#define CRISISCELL_CURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Macros and globals do not import into Swift 6; these accessors do.
static inline WINDOW *cc_stdscr(void) { return stdscr; }
static inline int cc_lines(void) { return LINES; }
static inline int cc_cols(void) { return COLS; }
static inline int cc_colors(void) { return COLORS; }
static inline int cc_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cc_a_bold(void) { return A_BOLD; }
static inline attr_t cc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cc_a_dim(void) { return A_DIM; }
static inline attr_t cc_a_italic(void) { return A_ITALIC; }
static inline attr_t cc_a_normal(void) { return A_NORMAL; }
static inline int cc_key_resize(void) { return KEY_RESIZE; }
static inline int cc_key_mouse(void) { return KEY_MOUSE; }
static inline int cc_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int cc_ok(void) { return OK; }
static inline int cc_err(void) { return ERR; }
static inline int cc_key_code_yes(void) { return KEY_CODE_YES; }
// Key codes of our own for the bracketed-paste markers (ESC [200~ and ESC [201~), past ncurses' own.
static inline int cc_key_paste_begin(void) { return KEY_MAX + 1; }
static inline int cc_key_paste_end(void) { return KEY_MAX + 2; }
static inline mmask_t cc_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cc_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cc_button5_pressed(void) { return BUTTON5_PRESSED; }
// tiparm is variadic, which Swift cannot call; one numeric parameter is all the checks of a capability need.
static inline const char *cc_tiparm1(const char *cap, int p) { return tiparm(cap, p); }
#endif
