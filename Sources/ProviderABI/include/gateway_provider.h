/*
 * gateway_provider.h -- the gateway provider ABI, version 1.1.
 *
 * A provider (WhatsApp, email, a database...) is a shared library that exports ONE symbol:
 *
 *     const gw_provider_vtable *gw_provider_entry_v1(const gw_host_api *host);
 *
 * The host dlopen()s the library with RTLD_NOW | RTLD_LOCAL, calls the entry once, and never
 * unloads it. Everything that crosses the boundary is plain C: fixed-size integers, pointers
 * with explicit lengths, and UTF-8 JSON. This header is the whole contract; docs/provider-abi.md
 * describes the JSON shapes.
 *
 * VERSIONING
 *   - The entry symbol carries the major version. A plugin returns NULL from the entry when it
 *     cannot serve host->abi_major.
 *   - The host refuses a vtable whose abi_major differs from GW_ABI_MAJOR, or whose abi_minor is
 *     higher than the host's: a plugin may be older than the host, never newer.
 *   - Every struct begins with struct_size and only ever grows at the end. The host zero-fills
 *     the tail of a smaller (older) struct and refuses a larger one. A plugin reads only the
 *     fields its own header version declares.
 *
 * MEMORY
 *   - Every buffer a plugin hands to the host (gw_result.output) is allocated with host->alloc;
 *     the host frees it. Nothing is freed by an allocator other than the one that made it.
 *   - Every pointer the host passes into a call is valid only until that call returns.
 *   - The manifest and test vectors are static: they live as long as the library (forever).
 *
 * THREADS
 *   - The host calls plugins from its own threads, never from its event loops.
 *   - create/destroy may run on any host thread. invoke/webhook on ONE instance run concurrently
 *     only when the manifest says "thread_safe": true; otherwise the host serialises them.
 *   - Every host API function is thread-safe.
 *
 * TIME
 *   - Each call carries a deadline on host->now_ms(). A plugin returns GW_TIMEOUT once it has
 *     passed, and gives up early when gw_call_cancelled() turns true. A call that overruns its
 *     deadline by a grace period gets the plugin's provider process killed (or, for a plugin
 *     loaded into the host's own process, the plugin quarantined).
 *
 * NETWORK (ABI 1.1)
 *   - A plugin connects only where the host's network policy allows: it passes every address it
 *     is about to connect to, after name resolution, to host->destination_allowed(), and refuses
 *     the connection when that returns 0. A 1.1 plugin in a 1.0 host finds the field absent
 *     (struct_size too small) and connects as before.
 *
 * HISTORY
 *   1.0  the first version.
 *   1.1  gw_host_api.destination_allowed.
 *   (1.1, no change to the binary interface: GW_PROVIDER_ENTRY, gw_status_name, gw_result_set, the manifest key and
 *   op name macros, and layout assertions.)
 */
#ifndef GATEWAY_PROVIDER_H
#define GATEWAY_PROVIDER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes. */
#define GW_ABI_MAJOR 1
#define GW_ABI_MINOR 1

/** The name of the one exported symbol, of type gw_provider_entry_fn. */
#define GW_ENTRY_SYMBOL "gw_provider_entry_v1"

/**
 * Status of a call. The host's retry policy is driven by these codes alone; the details travel
 * as JSON {"code", "message", "field"} in gw_result.output.
 */
typedef int32_t gw_status;
/** Success; output holds the op's result JSON. */
#define GW_OK 0
/** A transient failure (5xx, network): the host may retry with backoff. */
#define GW_RETRYABLE 1
/** The service asked us to slow down: retry after gw_result.retry_after_ms (0 = unknown). */
#define GW_RATE_LIMITED 2
/** The service refused for good (recipient refused, instance disconnected): never retried. */
#define GW_PERMANENT 3
/** Credentials refused, or a webhook failed authentication: never retried. */
#define GW_AUTH 4
/** The input or config is wrong; error JSON names the "field". Never retried. */
#define GW_INVALID 5
/** The call's deadline passed, or it was cancelled. Retryable. */
#define GW_TIMEOUT 6
/** The op is not one this provider implements. */
#define GW_UNSUPPORTED 7
/** A bug in the plugin. */
#define GW_INTERNAL 8

/** Manifest keys (docs/provider-abi.md, "Manifest"). */
#define GW_MANIFEST_ID "id"
#define GW_MANIFEST_NAME "name"
#define GW_MANIFEST_VERSION "version"
#define GW_MANIFEST_KIND "kind"
#define GW_MANIFEST_OPS "ops"
#define GW_MANIFEST_CONFIG "config"
#define GW_MANIFEST_WEBHOOK "webhook"
#define GW_MANIFEST_THREAD_SAFE "thread_safe"
#define GW_MANIFEST_WEBHOOK_ROUTE "webhook_route"

/** Ops the host calls (docs/provider-abi.md, "Ops"); a provider may offer others. */
#define GW_OP_TEST "test"
#define GW_OP_SEND "send"
#define GW_OP_SEND_MEDIA "send_media"
#define GW_OP_FIND_SENT "find_sent"
#define GW_OP_QUERY "query"
#define GW_OP_REGISTER_WEBHOOK "register_webhook"

/** Log levels for gw_host_api.log. */
#define GW_LOG_DEBUG 0
#define GW_LOG_INFO 1
#define GW_LOG_WARNING 2
#define GW_LOG_ERROR 3

/**
 * What the host offers the plugin. Passed to the entry; valid for the life of the process, so a
 * plugin may keep the pointer. Each plugin gets its own table (its own `context`).
 */
typedef struct gw_host_api {
    /** sizeof(gw_host_api) as the host compiled it. */
    uint32_t struct_size;
    /** The host's ABI version. */
    uint16_t abi_major;
    uint16_t abi_minor;
    /** Opaque host data for this plugin; pass it back to log() and destination_allowed(). */
    void *context;
    /** Allocates `size` bytes for a buffer the host will free. Returns NULL when out of memory. */
    void *(*alloc)(size_t size);
    /** Frees a buffer from alloc() that the plugin decided not to hand back. */
    void (*free)(void *ptr);
    /** Writes one log line of `message_len` UTF-8 bytes at `level` (GW_LOG_*). Never pass a
     *  secret or a message body. */
    void (*log)(void *context, int32_t level, const char *message, size_t message_len);
    /** The host's monotonic clock in milliseconds. Deadlines are on this clock. */
    uint64_t (*now_ms)(void);

    /* ---- ABI 1.1 ---- */

    /** Whether the host's network policy lets this plugin connect to `address`: a struct sockaddr
     *  (AF_INET or AF_INET6) of `address_len` bytes, as name resolution gave it. Returns non-zero
     *  when allowed. Pass `context`. Present only when struct_size covers it. */
    int32_t (*destination_allowed)(void *context, const void *address, size_t address_len);
} gw_host_api;

/** Per-call information from the host, valid until the call returns. */
typedef struct gw_call {
    /** sizeof(gw_call) as the host compiled it. */
    uint32_t struct_size;
    uint32_t reserved;
    /** The call must finish by this time on host->now_ms(); past it, return GW_TIMEOUT. */
    uint64_t deadline_ms;
    /** Never NULL. Non-zero once the host no longer wants the answer; read it with
     *  gw_call_cancelled(). The host owns this memory. */
    const volatile int32_t *cancel_flag;
} gw_call;

/**
 * Where a call puts its answer. The host zero-fills it and sets struct_size; the plugin sets
 * status (also its return value) and output.
 */
typedef struct gw_result {
    /** sizeof(gw_result) as the host compiled it. */
    uint32_t struct_size;
    /** Same value the function returns. */
    gw_status status;
    /** With GW_RATE_LIMITED: how long to wait, in milliseconds (0 = unknown). */
    uint32_t retry_after_ms;
    uint32_t reserved;
    /** UTF-8 JSON allocated with host->alloc, or NULL. On GW_OK the op's result; otherwise
     *  {"code": "...", "message": "...", "field": "...", "maybe_delivered": true|false}, where
     *  maybe_delivered says a failed call may still have taken effect (the request was written
     *  before the connection failed). OWNERSHIP: passes to the host. */
    char *output;
    size_t output_len;
} gw_result;

/** One webhook delivery, exactly as the host received it. */
typedef struct gw_webhook_request {
    /** sizeof(gw_webhook_request) as the host compiled it. */
    uint32_t struct_size;
    uint32_t reserved;
    /** "POST", "GET"... */
    const char *method;
    size_t method_len;
    /** The path below the integration's webhook URL, with the query string ("/" at least). */
    const char *path;
    size_t path_len;
    /** The request headers as a JSON object of lower-case name -> value. */
    const char *headers_json;
    size_t headers_json_len;
    /** The raw body bytes, so signatures can be checked over exactly what was sent. */
    const uint8_t *body;
    size_t body_len;
} gw_webhook_request;

/** A plugin's instance: one configured account. Opaque to the host. */
typedef struct gw_instance gw_instance;

/**
 * The plugin's table, returned by the entry. Static: it must stay valid forever.
 */
typedef struct gw_provider_vtable {
    /** sizeof(gw_provider_vtable) as the PLUGIN compiled it. */
    uint32_t struct_size;
    /** The ABI version the plugin was built against (GW_ABI_MAJOR / GW_ABI_MINOR). */
    uint16_t abi_major;
    uint16_t abi_minor;

    /** The manifest: UTF-8 JSON, static. See docs/provider-abi.md. */
    const char *manifest_json;
    size_t manifest_len;

    /** Webhook test vectors for `gateway provider-test`: UTF-8 JSON, static, or NULL when the
     *  provider takes no webhooks. See docs/provider-abi.md. */
    const char *webhook_vectors_json;
    size_t webhook_vectors_len;

    /**
     * Creates an instance from its config JSON (secrets already decrypted). Validates the config
     * and does no network I/O. On GW_OK sets *out_instance; on GW_INVALID the error JSON names
     * the offending config field.
     */
    gw_status (*create)(const char *config_json, size_t config_len, gw_instance **out_instance, gw_result *result);

    /** Destroys an instance. No call on it is in progress or will follow. */
    void (*destroy)(gw_instance *instance);

    /**
     * Runs one op ("test", "send", "send_media", "query"...) with its input JSON. An op the
     * provider does not implement returns GW_UNSUPPORTED.
     */
    gw_status (*invoke)(gw_instance *instance, const gw_call *call, const char *op, size_t op_len, const char *input_json,
                        size_t input_len, gw_result *result);

    /**
     * Authenticates and parses one webhook delivery. On GW_OK, output is
     * {"response": {"status", "headers", "body"}, "events": [...]}; a delivery that fails
     * authentication returns GW_AUTH. NULL when the manifest says "webhook": false.
     */
    gw_status (*webhook)(gw_instance *instance, const gw_call *call, const gw_webhook_request *request, gw_result *result);
} gw_provider_vtable;

/** The type of the entry symbol. Returns NULL when the plugin cannot serve host->abi_major. */
typedef const gw_provider_vtable *(*gw_provider_entry_fn)(const gw_host_api *host);

#ifdef __cplusplus
#define GW_EXTERN_C extern "C"
#define GW_STATIC_ASSERT static_assert
#else
#define GW_EXTERN_C
#define GW_STATIC_ASSERT _Static_assert
#endif

/**
 * Defines the entry, exported with C linkage and default visibility whatever the build's flags:
 *
 *     GW_PROVIDER_ENTRY(host) { ...; return &vtable; }
 */
#define GW_PROVIDER_ENTRY(host) \
    GW_EXTERN_C __attribute__((visibility("default"))) const gw_provider_vtable *gw_provider_entry_v1(const gw_host_api *host)

/* The layout every host and plugin of this major version agree on (LP64: Linux on x86-64 and arm64). */
#if defined(__LP64__)
GW_STATIC_ASSERT(sizeof(gw_host_api) == 56 && offsetof(gw_host_api, context) == 8 && offsetof(gw_host_api, destination_allowed) == 48,
                 "gw_host_api layout");
GW_STATIC_ASSERT(sizeof(gw_call) == 24 && offsetof(gw_call, cancel_flag) == 16, "gw_call layout");
GW_STATIC_ASSERT(sizeof(gw_result) == 32 && offsetof(gw_result, output) == 16 && offsetof(gw_result, output_len) == 24, "gw_result layout");
GW_STATIC_ASSERT(sizeof(gw_webhook_request) == 72 && offsetof(gw_webhook_request, body_len) == 64, "gw_webhook_request layout");
GW_STATIC_ASSERT(sizeof(gw_provider_vtable) == 72 && offsetof(gw_provider_vtable, create) == 40 && offsetof(gw_provider_vtable, webhook) == 64,
                 "gw_provider_vtable layout");
#endif

/** A status code's name, as the host's logs and errors spell it ("OK", "RETRYABLE"...); "UNKNOWN" outside the ABI. */
static inline const char *gw_status_name(gw_status status) {
    switch (status) {
    case GW_OK: return "OK";
    case GW_RETRYABLE: return "RETRYABLE";
    case GW_RATE_LIMITED: return "RATE_LIMITED";
    case GW_PERMANENT: return "PERMANENT";
    case GW_AUTH: return "AUTH";
    case GW_INVALID: return "INVALID";
    case GW_TIMEOUT: return "TIMEOUT";
    case GW_UNSUPPORTED: return "UNSUPPORTED";
    case GW_INTERNAL: return "INTERNAL";
    default: return "UNKNOWN";
    }
}

/**
 * Answers a call: sets `result`'s status and hands the host a copy of `json_len` bytes of `json` (NULL: no output) in
 * a buffer from host->alloc, as the ABI requires. Returns the status, or GW_INTERNAL with no output when the copy
 * cannot be allocated.
 */
static inline gw_status gw_result_set(const gw_host_api *host, gw_result *result, gw_status status, const char *json, size_t json_len) {
    result->status = status;
    if (json == NULL) return status;
    char *buffer = (char *)host->alloc(json_len);
    if (buffer == NULL) return result->status = GW_INTERNAL;
    memcpy(buffer, json, json_len);
    result->output = buffer;
    result->output_len = json_len;
    return status;
}

/** True once the host has cancelled the call. */
static inline int gw_call_cancelled(const gw_call *call) {
    return __atomic_load_n(call->cancel_flag, __ATOMIC_ACQUIRE) != 0;
}

/** Milliseconds left before the call's deadline; 0 or less when it has passed. */
static inline int64_t gw_call_remaining_ms(const gw_host_api *host, const gw_call *call) {
    return (int64_t)call->deadline_ms - (int64_t)host->now_ms();
}

/** Whether the host's network policy allows connecting to `address` (a struct sockaddr); always
 *  true in a 1.0 host, which has no policy to offer. */
static inline int gw_destination_allowed(const gw_host_api *host, const void *address, size_t address_len) {
    if (host->struct_size < offsetof(gw_host_api, destination_allowed) + sizeof host->destination_allowed) return 1;
    if (host->destination_allowed == NULL) return 1;
    return host->destination_allowed(host->context, address, address_len) != 0;
}

/** For hosts: raises a call's cancel flag. */
static inline void gw_cancel_flag_raise(volatile int32_t *flag) {
    __atomic_store_n(flag, 1, __ATOMIC_RELEASE);
}

#ifdef __cplusplus
}
#endif

#endif /* GATEWAY_PROVIDER_H */
