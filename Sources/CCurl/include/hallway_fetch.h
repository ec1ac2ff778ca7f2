#ifndef HALLWAY_FETCH_H
#define HALLWAY_FETCH_H

#include <stddef.h>

/// What one GET brought back. `failure` is empty on success (any HTTP status counts as success);
/// otherwise it says, in words, why there is no usable answer.
typedef struct {
    long status;
    char etag[512];
    char last_modified[128];
    unsigned char *body;
    size_t body_length;
    char failure[512];
} hw_fetch_result;

typedef struct {
    const char *url;
    const char *if_none_match;      /* NULL when there is none */
    const char *if_modified_since;  /* NULL when there is none */
    const char *user_agent;
    const char *accept;
    size_t maximum_bytes;
    long idle_timeout_seconds;
    long total_timeout_seconds;
    long maximum_redirects;
} hw_fetch_request;

/// Whether libcurl could be loaded (it is opened on first use, not at start-up).
int hw_fetch_available(void);

/// Performs the request; returns 0 and fills `result` (free it with hw_fetch_free).
int hw_fetch(const hw_fetch_request *request, hw_fetch_result *result);

void hw_fetch_free(hw_fetch_result *result);

#endif
