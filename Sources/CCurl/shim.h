#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers. */

typedef size_t (*ccurl_data_fn)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ccurl_debug_fn)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);
typedef int (*ccurl_progress_fn)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
typedef curl_socket_t (*ccurl_opensocket_fn)(void *userdata, curlsocktype purpose, struct curl_sockaddr *address);

static inline CURLcode ccurl_set_long(CURL *h, CURLoption option, long value) { return curl_easy_setopt(h, option, value); }
static inline CURLcode ccurl_set_string(CURL *h, CURLoption option, const char *value) { return curl_easy_setopt(h, option, value); }
static inline CURLcode ccurl_set_pointer(CURL *h, CURLoption option, void *value) { return curl_easy_setopt(h, option, value); }
static inline CURLcode ccurl_set_slist(CURL *h, CURLoption option, struct curl_slist *value) { return curl_easy_setopt(h, option, value); }
static inline CURLcode ccurl_set_size(CURL *h, CURLoption option, curl_off_t value) { return curl_easy_setopt(h, option, value); }
static inline CURLcode ccurl_set_data_fn(CURL *h, CURLoption option, ccurl_data_fn fn) { return curl_easy_setopt(h, option, fn); }
static inline CURLcode ccurl_set_progress_fn(CURL *h, ccurl_progress_fn fn) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, fn); }
static inline CURLcode ccurl_set_debug_fn(CURL *h, ccurl_debug_fn fn) { return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, fn); }
static inline CURLcode ccurl_set_opensocket_fn(CURL *h, ccurl_opensocket_fn fn) { return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, fn); }
static inline CURLcode ccurl_get_long(CURL *h, CURLINFO info, long *value) { return curl_easy_getinfo(h, info, value); }

#endif
