#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, which is what normally turns on the
   wide-character API (cchar_t, wget_wch, add_wch). Ask for it directly. */
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <string.h>

/* Bit-shift and lvalue macros do not import into Swift; these bridges do. The C globals
   (stdscr, LINES, COLS) are read through functions so Swift 6 strict concurrency accepts them. */
static inline attr_t hw_attr_normal(void)    { return A_NORMAL; }
static inline attr_t hw_attr_bold(void)      { return A_BOLD; }
static inline attr_t hw_attr_reverse(void)   { return A_REVERSE; }
static inline attr_t hw_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t hw_attr_dim(void)       { return A_DIM; }
static inline WINDOW *hw_stdscr(void)        { return stdscr; }
static inline WINDOW *hw_curscr(void)        { return curscr; }
static inline int hw_lines(void)             { return LINES; }
static inline int hw_cols(void)              { return COLS; }
static inline int hw_colors(void)            { return COLORS; }
static inline mmask_t hw_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline mmask_t hw_button1_any(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_RELEASED; }
static inline mmask_t hw_wheel_up(void)    { return BUTTON4_PRESSED; }
static inline mmask_t hw_wheel_down(void)  { return BUTTON5_PRESSED; }
static inline int hw_key_code_yes(void)    { return KEY_CODE_YES; }
static inline FILE *hw_stdout(void)        { return stdout; }
static inline FILE *hw_stdin(void)         { return stdin; }
/* Codes for the bracketed-paste markers, above every key ncurses defines (define_key). */
static inline int hw_key_paste_start(void) { return KEY_MAX + 1; }
static inline int hw_key_paste_end(void)   { return KEY_MAX + 2; }
/* SIGRTMIN and SIGRTMAX are calls in glibc, not constants. */
#include <signal.h>
static inline int hw_sigrtmin(void) { return SIGRTMIN; }
static inline int hw_sigrtmax(void) { return SIGRTMAX; }
/* The terminal's size as the kernel has it (rows, columns), or 0 when it cannot be read. */
#include <sys/ioctl.h>
#include <unistd.h>
static inline int hw_window_rows(void) {
    struct winsize size;
    return ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_row : 0;
}
static inline int hw_window_columns(void) {
    struct winsize size;
    return ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}
/* Hallway's own SIGWINCH handler, installed before ncurses starts so that ncurses (which
   installs its own only where none is) never resizes itself from a size the window claims:
   Hallway reads the size, cuts it to what it draws, and resizes ncurses to that. */
static volatile sig_atomic_t hw_winch_pending = 0;
static inline void hw_winch_handler(int signal) { (void)signal; hw_winch_pending = 1; }
static inline void hw_install_winch(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = hw_winch_handler;
    sigemptyset(&action.sa_mask);
    /* No SA_RESTART: a read waiting for a key returns, so the resize is seen at once. */
    sigaction(SIGWINCH, &action, NULL);
}
static inline int hw_take_winch(void) {
    int pending = hw_winch_pending;
    hw_winch_pending = 0;
    return pending;
}
static inline int hw_codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

#endif
