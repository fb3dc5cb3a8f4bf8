/*
 * misbehaving_provider.c -- test providers that break the ABI (or the host) on purpose, one way per build:
 *   -DMISBEHAVE_HANG          invoke ignores its deadline and cancel flag and sleeps 4 s (except op "quick"); an input
 *                             {"until":"<path>"} makes it hang until that file exists instead (at most 60 s)
 *   -DMISBEHAVE_BAD_JSON      every output is malformed JSON
 *   -DMISBEHAVE_BAD_MANIFEST  the manifest is not JSON
 *   -DMISBEHAVE_BAD_SIZE      the vtable claims to be larger than any host knows
 *   -DMISBEHAVE_NEWER_MINOR   built against a newer ABI minor than the host's
 *   -DMISBEHAVE_OTHER_MAJOR   answers the v1 entry with a vtable of another major version
 *   -DMISBEHAVE_NO_ENTRY      exports the wrong entry symbol
 *   -DMISBEHAVE_SLOPPY        accepts any config, answers OK to unknown ops and expired deadlines, and hands
 *                             back buffers from its own malloc
 *   -DMISBEHAVE_SEGFAULT      invoke writes through a NULL pointer (except op "quick")
 *   -DMISBEHAVE_ABORT         invoke calls abort() (except op "quick")
 *   -DMISBEHAVE_ALLOCATE      invoke allocates and touches memory without bound (except op "quick")
 *   -DMISBEHAVE_OVERSIZE      invoke answers 16 MiB of output
 *   -DMISBEHAVE_GARBAGE       invoke answers a status outside the ABI with bytes that are not JSON or UTF-8
 *   -DMISBEHAVE_DIE_IN_CREATE create calls abort()
 *   -DMISBEHAVE_CRASH_ON_LOAD a library constructor crashes as the library is opened
 *   -DMISBEHAVE_CRASH_ONCE    a provider that records each send in a ledger file (config "ledger"),
 *                             crashes right after the first send it records, and offers find_sent over the ledger
 *   -DMISBEHAVE_ABI_1_0       nothing wrong: built for ABI 1.0, older than the host
 *   -DMISBEHAVE_WEBHOOK_ECHO  takes webhooks, and answers each delivery OK with the delivery's body as its output, so
 *                             a test chooses exactly what the host gets back (a hostile plugin's webhook results)
 * Every variant is of kind whatsapp, so a gateway can configure it as a client's integration. Config validation is
 * deliberately crude (these are fixtures): a string "token" is required.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gateway_provider.h"

#if defined(MISBEHAVE_HANG)
#define VARIANT "hang"
#elif defined(MISBEHAVE_BAD_JSON)
#define VARIANT "bad_json"
#elif defined(MISBEHAVE_BAD_MANIFEST)
#define VARIANT "bad_manifest"
#elif defined(MISBEHAVE_BAD_SIZE)
#define VARIANT "bad_size"
#elif defined(MISBEHAVE_NEWER_MINOR)
#define VARIANT "newer_minor"
#elif defined(MISBEHAVE_OTHER_MAJOR)
#define VARIANT "other_major"
#elif defined(MISBEHAVE_NO_ENTRY)
#define VARIANT "no_entry"
#elif defined(MISBEHAVE_SLOPPY)
#define VARIANT "sloppy"
#elif defined(MISBEHAVE_SEGFAULT)
#define VARIANT "segfault"
#elif defined(MISBEHAVE_ABORT)
#define VARIANT "abort"
#elif defined(MISBEHAVE_ALLOCATE)
#define VARIANT "allocate"
#elif defined(MISBEHAVE_OVERSIZE)
#define VARIANT "oversize"
#elif defined(MISBEHAVE_GARBAGE)
#define VARIANT "garbage"
#elif defined(MISBEHAVE_DIE_IN_CREATE)
#define VARIANT "die_in_create"
#elif defined(MISBEHAVE_CRASH_ON_LOAD)
#define VARIANT "crash_on_load"
#elif defined(MISBEHAVE_CRASH_ONCE)
#define VARIANT "crash_once"
#elif defined(MISBEHAVE_ABI_1_0)
#define VARIANT "abi_1_0"
#elif defined(MISBEHAVE_WEBHOOK_ECHO)
#define VARIANT "webhook_echo"
#else
#error "define one MISBEHAVE_ variant"
#endif

static const gw_host_api *host;
/* An address nothing maps, behind a volatile pointer so the compiler cannot see the crash coming: a real SIGSEGV. */
__attribute__((unused)) static int *volatile nowhere = (int *)8;
struct gw_instance { char ledger[512]; };

#if defined(MISBEHAVE_BAD_MANIFEST)
static const char manifest[] = "{\"id\": \"misbehaving_bad_manifest\", \"ops\": [";
#elif defined(MISBEHAVE_CRASH_ONCE)
static const char manifest[] =
    "{\"id\":\"misbehaving_crash_once\",\"name\":\"Misbehaving (crash once)\",\"version\":\"0.0.1\",\"kind\":\"whatsapp\","
    "\"ops\":[\"test\",\"send\",\"find_sent\"],\"thread_safe\":true,\"webhook\":false,"
    "\"config\":[{\"name\":\"token\",\"type\":\"string\",\"required\":true,\"secret\":true,\"example\":\"x\"},"
    "{\"name\":\"ledger\",\"type\":\"string\",\"required\":true,\"example\":\"/tmp/ledger\"}]}";
#else
#if defined(MISBEHAVE_WEBHOOK_ECHO)
#define TAKES_WEBHOOKS "true"
#else
#define TAKES_WEBHOOKS "false"
#endif
static const char manifest[] =
    "{\"id\":\"misbehaving_" VARIANT "\",\"name\":\"Misbehaving (" VARIANT ")\",\"version\":\"0.0.1\",\"kind\":\"whatsapp\","
    "\"ops\":[\"test\",\"quick\"],\"thread_safe\":true,\"webhook\":" TAKES_WEBHOOKS ","
    "\"config\":[{\"name\":\"token\",\"type\":\"string\",\"required\":true,\"secret\":true,\"example\":\"x\"}]}";
#endif

static gw_status answer(gw_result *result, gw_status status, const char *json) {
    size_t length = strlen(json);
#if defined(MISBEHAVE_SLOPPY)
    char *buffer = malloc(length); /* wrong: not the host's allocator */
#else
    char *buffer = host->alloc(length);
#endif
    memcpy(buffer, json, length);
    result->output = buffer;
    result->output_len = length;
    return result->status = status;
}

#if defined(MISBEHAVE_CRASH_ON_LOAD)
__attribute__((constructor)) static void crash_while_loading(void) { *nowhere = 1; }
#endif

/* The value of the string field `name` in crude JSON, copied into `out` (empty when absent). */
static void string_field(const char *json, size_t length, const char *name, char *out, size_t out_size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
    char *copy = strndup(json, length);
    const char *start = strstr(copy, pattern);
    out[0] = 0;
    if (start != NULL) {
        start += strlen(pattern);
        const char *end = strchr(start, '"');
        size_t n = end ? (size_t)(end - start) : 0;
        if (n >= out_size) n = out_size - 1;
        memcpy(out, start, n);
        out[n] = 0;
    }
    free(copy);
}

static gw_status misbehaving_create(const char *config, size_t length, gw_instance **out, gw_result *result) {
#if defined(MISBEHAVE_DIE_IN_CREATE)
    (void)config, (void)length, (void)out, (void)result;
    abort();
#elif !defined(MISBEHAVE_SLOPPY)
    char *copy = strndup(config, length);
    int valid = strstr(copy, "\"token\":\"") != NULL;
    free(copy);
    if (!valid) return answer(result, GW_INVALID, "{\"code\":\"INVALID\",\"message\":\"token is required\",\"field\":\"token\"}");
#endif
    *out = calloc(1, sizeof **out);
    string_field(config, length, "ledger", (*out)->ledger, sizeof (*out)->ledger);
    return result->status = GW_OK;
}

static void misbehaving_destroy(gw_instance *instance) { free(instance); }

__attribute__((unused)) static int op_is(const char *op, size_t op_len, const char *name) { return op_len == strlen(name) && memcmp(op, name, op_len) == 0; }

#if defined(MISBEHAVE_CRASH_ONCE)
/* Whether the ledger lists `message_id`. */
static int ledger_has(const char *ledger, const char *message_id) {
    FILE *file = fopen(ledger, "r");
    if (file == NULL) return 0;
    char line[256];
    int found = 0;
    while (!found && fgets(line, sizeof line, file)) {
        line[strcspn(line, "\n")] = 0;
        found = strcmp(line, message_id) == 0;
    }
    fclose(file);
    return found;
}

static gw_status crash_once(gw_instance *instance, const char *op, size_t op_len, const char *input, size_t input_len, gw_result *result) {
    char message_id[128];
    string_field(input, input_len, "message_id", message_id, sizeof message_id);
    if (op_is(op, op_len, "find_sent")) {
        return answer(result, GW_OK, ledger_has(instance->ledger, message_id) ? "{\"found\":true,\"provider_message_id\":\"ledger\"}" : "{\"found\":false}");
    }
    if (!op_is(op, op_len, "send")) return answer(result, GW_OK, "{}");
    FILE *file = fopen(instance->ledger, "a");
    fprintf(file, "%s\n", message_id);
    fclose(file);
    char marker[600];
    snprintf(marker, sizeof marker, "%s.crashed", instance->ledger);
    if (access(marker, F_OK) != 0) {
        fclose(fopen(marker, "w"));
        abort(); /* the provider has the message; the answer never comes back */
    }
    return answer(result, GW_OK, "{\"provider_message_id\":\"ledger\"}");
}
#endif

static gw_status misbehaving_invoke(gw_instance *instance, const gw_call *call, const char *op, size_t op_len, const char *input,
                                    size_t input_len, gw_result *result) {
    (void)instance, (void)input, (void)input_len;
#if defined(MISBEHAVE_HANG)
    (void)call;
    if (op_is(op, op_len, "quick")) return answer(result, GW_OK, "{}");
    char path[512] = "";
    const char *key = "{\"until\":\"";
    if (input_len > strlen(key) + 2 && input_len < sizeof path + strlen(key) && memcmp(input, key, strlen(key)) == 0) {
        size_t length = input_len - strlen(key) - 2; /* the path, without the closing quote and brace */
        memcpy(path, input + strlen(key), length);
        path[length] = 0;
    }
    if (path[0] == 0) {
        usleep(4000 * 1000);
    } else { /* the test decides when the call ends, however slow the machine */
        for (int waited = 0; waited < 6000 && access(path, F_OK) != 0; waited++) usleep(10 * 1000);
    }
    return answer(result, GW_OK, "{}");
#elif defined(MISBEHAVE_BAD_JSON)
    (void)call, (void)op, (void)op_len;
    return answer(result, GW_OK, "{\"broken");
#elif defined(MISBEHAVE_SLOPPY)
    (void)call, (void)op, (void)op_len;
    return answer(result, GW_OK, "{}");
#elif defined(MISBEHAVE_SEGFAULT)
    (void)call;
    if (!op_is(op, op_len, "quick")) *nowhere = 1;
    return answer(result, GW_OK, "{}");
#elif defined(MISBEHAVE_ABORT)
    (void)call;
    if (!op_is(op, op_len, "quick")) abort();
    return answer(result, GW_OK, "{}");
#elif defined(MISBEHAVE_ALLOCATE)
    (void)call;
    while (!op_is(op, op_len, "quick")) {
        char *block = malloc(1 << 20);
        memset(block, 1, 1 << 20); /* NULL once the memory cap is reached: a segfault, as in real code */
    }
    return answer(result, GW_OK, "{}");
#elif defined(MISBEHAVE_OVERSIZE)
    (void)call, (void)op, (void)op_len;
    size_t length = 16 << 20;
    char *buffer = host->alloc(length);
    memset(buffer, ' ', length);
    buffer[0] = '{';
    buffer[length - 1] = '}';
    result->output = buffer;
    result->output_len = length;
    return result->status = GW_OK;
#elif defined(MISBEHAVE_GARBAGE)
    (void)call, (void)op, (void)op_len;
    static const char bytes[] = {(char)0xff, 0, (char)0xfe, '{', 0x01, '"'};
    char *buffer = host->alloc(sizeof bytes);
    memcpy(buffer, bytes, sizeof bytes);
    result->output = buffer;
    result->output_len = sizeof bytes;
    return result->status = 77;
#elif defined(MISBEHAVE_CRASH_ONCE)
    (void)call;
    return crash_once(instance, op, op_len, input, input_len, result);
#else
    if (gw_call_remaining_ms(host, call) <= 0) return answer(result, GW_TIMEOUT, "{\"code\":\"TIMEOUT\",\"message\":\"late\"}");
    if (op_is(op, op_len, "test") || op_is(op, op_len, "quick")) return answer(result, GW_OK, "{}");
    return answer(result, GW_UNSUPPORTED, "{\"code\":\"UNSUPPORTED\",\"message\":\"unknown op\",\"field\":\"op\"}");
#endif
}

#if defined(MISBEHAVE_WEBHOOK_ECHO)
static gw_status echo_webhook(gw_instance *instance, const gw_call *call, const gw_webhook_request *request, gw_result *result) {
    (void)instance, (void)call;
    char *buffer = host->alloc(request->body_len);
    memcpy(buffer, request->body, request->body_len);
    result->output = buffer;
    result->output_len = request->body_len;
    return result->status = GW_OK;
}
#endif

static const gw_provider_vtable vtable = {
#if defined(MISBEHAVE_BAD_SIZE)
    .struct_size = sizeof(gw_provider_vtable) + 16,
#else
    .struct_size = sizeof(gw_provider_vtable),
#endif
#if defined(MISBEHAVE_OTHER_MAJOR)
    .abi_major = GW_ABI_MAJOR + 1,
#else
    .abi_major = GW_ABI_MAJOR,
#endif
#if defined(MISBEHAVE_NEWER_MINOR)
    .abi_minor = GW_ABI_MINOR + 1,
#elif defined(MISBEHAVE_ABI_1_0)
    .abi_minor = 0,
#else
    .abi_minor = GW_ABI_MINOR,
#endif
    .manifest_json = manifest,
    .manifest_len = sizeof manifest - 1,
    .create = misbehaving_create,
    .destroy = misbehaving_destroy,
    .invoke = misbehaving_invoke,
#if defined(MISBEHAVE_WEBHOOK_ECHO)
    .webhook = echo_webhook,
#endif
};

#if defined(MISBEHAVE_NO_ENTRY)
const gw_provider_vtable *gw_provider_entry_v0(const gw_host_api *host_api) {
#else
const gw_provider_vtable *gw_provider_entry_v1(const gw_host_api *host_api) {
#endif
    host = host_api;
    return &vtable;
}
