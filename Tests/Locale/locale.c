// The tests draw screens without a terminal, so nothing sets the locale the way the terminal
// layer does at start-up; this does it once, as the test binary loads, before any test runs.
// wcwidth (which TextWidth shares with ncurses) answers only in a UTF-8 locale.
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <wchar.h>
#include "hallway_test_locale.h"

__attribute__((constructor)) static void hallway_test_locale(void) {
    if (setlocale(LC_CTYPE, "") == NULL || wcwidth(0x4E2D) != 2) setlocale(LC_CTYPE, "C.UTF-8");
}

int hallway_test_locale_is_ready(void) { return wcwidth(0x4E2D) == 2; }
