// One HTTP GET through libcurl, which is opened with dlopen on first use. Linking libcurl (or
// Foundation's URLSession, which wraps it) would load it and some thirty libraries it depends on
// (TLS, Kerberos, LDAP, …) at every start of Hallway, doubling the time `hallway --version` takes,
// for a feature most runs never use. The limits are curl's own options, enforced as bytes arrive.
#include "hallway_fetch.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    int loaded;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    curl.global_init = (CURLcode (*)(long))dlsym(library, "curl_global_init");
    curl.easy_init = (CURL *(*)(void))dlsym(library, "curl_easy_init");
    curl.easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(library, "curl_easy_setopt");
    curl.easy_perform = (CURLcode (*)(CURL *))dlsym(library, "curl_easy_perform");
    curl.easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(library, "curl_easy_getinfo");
    curl.easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    curl.easy_strerror = (const char *(*)(CURLcode))dlsym(library, "curl_easy_strerror");
    curl.slist_append = (struct curl_slist *(*)(struct curl_slist *, const char *))dlsym(library, "curl_slist_append");
    curl.slist_free_all = (void (*)(struct curl_slist *))dlsym(library, "curl_slist_free_all");
    if (curl.global_init && curl.easy_init && curl.easy_setopt && curl.easy_perform && curl.easy_getinfo &&
        curl.easy_cleanup && curl.easy_strerror && curl.slist_append && curl.slist_free_all &&
        curl.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) {
        curl.loaded = 1;
    }
}

int hw_fetch_available(void) {
    pthread_once(&load_once, load_curl);
    return curl.loaded;
}

typedef struct {
    hw_fetch_result *result;
    size_t capacity;
    size_t maximum;
    int too_big;
} transfer;

static size_t on_body(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t length = size * count;
    if (t->result->body_length + length > t->maximum) {
        t->too_big = 1;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    if (t->result->body_length + length > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 65536;
        while (capacity < t->result->body_length + length) capacity *= 2;
        unsigned char *grown = realloc(t->result->body, capacity);
        if (!grown) return 0;
        t->result->body = grown;
        t->capacity = capacity;
    }
    memcpy(t->result->body + t->result->body_length, data, length);
    t->result->body_length += length;
    return length;
}

/// Copies a header's value, trimmed, when `line` is that header.
static void take_header(const char *line, size_t length, const char *name, char *into, size_t room) {
    size_t name_length = strlen(name);
    if (length <= name_length + 1 || strncasecmp(line, name, name_length) != 0 || line[name_length] != ':') return;
    const char *start = line + name_length + 1;
    const char *end = line + length;
    while (start < end && (*start == ' ' || *start == '\t')) start++;
    while (end > start && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) end--;
    size_t copy = (size_t)(end - start) < room - 1 ? (size_t)(end - start) : room - 1;
    memcpy(into, start, copy);
    into[copy] = 0;
}

static size_t on_header(char *data, size_t size, size_t count, void *context) {
    hw_fetch_result *result = context;
    size_t length = size * count;
    // A new status line starts the headers of the next response in a redirect chain.
    if (length >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        result->etag[0] = 0;
        result->last_modified[0] = 0;
    }
    take_header(data, length, "ETag", result->etag, sizeof result->etag);
    take_header(data, length, "Last-Modified", result->last_modified, sizeof result->last_modified);
    return length;
}

int hw_fetch(const hw_fetch_request *request, hw_fetch_result *result) {
    memset(result, 0, sizeof *result);
    if (!hw_fetch_available()) {
        snprintf(result->failure, sizeof result->failure, "libcurl (libcurl4) is not installed, so URLs cannot be fetched");
        return 0;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(result->failure, sizeof result->failure, "libcurl could not start a transfer");
        return 0;
    }
    transfer t = {result, 0, request->maximum_bytes, 0};
    struct curl_slist *headers = NULL;
    char line[700];
    if (request->if_none_match) {
        snprintf(line, sizeof line, "If-None-Match: %s", request->if_none_match);
        headers = curl.slist_append(headers, line);
    }
    if (request->if_modified_since) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", request->if_modified_since);
        headers = curl.slist_append(headers, line);
    }
    if (request->accept) {
        snprintf(line, sizeof line, "Accept: %s", request->accept);
        headers = curl.slist_append(headers, line);
    }
    curl.easy_setopt(handle, CURLOPT_URL, request->url);
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(handle, CURLOPT_MAXREDIRS, request->maximum_redirects);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, request->idle_timeout_seconds);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT, request->total_timeout_seconds);
    // "Idle": less than one byte a second for this long ends the transfer.
    curl.easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl.easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, request->idle_timeout_seconds);
    curl.easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)request->maximum_bytes);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, CURLOPT_USERAGENT, request->user_agent);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &t);
    curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(handle, CURLOPT_HEADERDATA, result);

    CURLcode code = curl.easy_perform(handle);
    curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result->status);
    switch (code) {
    case CURLE_OK:
        break;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (t.too_big || code == CURLE_FILESIZE_EXCEEDED) {
            snprintf(result->failure, sizeof result->failure, "the file is over the %zu MiB limit", request->maximum_bytes / 1048576);
        } else {
            snprintf(result->failure, sizeof result->failure, "out of memory while receiving the file");
        }
        break;
    case CURLE_TOO_MANY_REDIRECTS:
        snprintf(result->failure, sizeof result->failure, "more than %ld redirects", request->maximum_redirects);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(result->failure, sizeof result->failure, "timed out");
        break;
    case CURLE_PARTIAL_FILE:
        snprintf(result->failure, sizeof result->failure, "the body was cut short (%zu bytes arrived)", result->body_length);
        break;
    case CURLE_UNSUPPORTED_PROTOCOL: {
        // The first URL is always http(s): with no redirect followed, the reply itself was not
        // HTTP (curl refuses an HTTP/0.9 or garbage reply with this same code).
        long redirects = 0;
        curl.easy_getinfo(handle, CURLINFO_REDIRECT_COUNT, &redirects);
        snprintf(result->failure, sizeof result->failure, "%s",
                 redirects > 0 ? "redirected away from http(s)" : "the server's reply is not HTTP (no status line; an HTTP/0.9 or garbage reply)");
        break;
    }
    default:
        snprintf(result->failure, sizeof result->failure, "%s", curl.easy_strerror(code));
        break;
    }
    curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
    return 0;
}

void hw_fetch_free(hw_fetch_result *result) {
    free(result->body);
    result->body = NULL;
    result->body_length = 0;
}
