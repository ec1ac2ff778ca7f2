// Whether the constructor in locale.c found a UTF-8 locale for the tests.
int hallway_test_locale_is_ready(void);
