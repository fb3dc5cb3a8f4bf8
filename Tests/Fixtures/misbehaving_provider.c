/*
 * misbehaving_provider.c -- test providers that break the ABI on purpose, one way per build:
 *   -DMISBEHAVE_HANG          invoke ignores its deadline and cancel flag and sleeps 4 s
 *   -DMISBEHAVE_BAD_JSON      every output is malformed JSON
 *   -DMISBEHAVE_BAD_MANIFEST  the manifest is not JSON
 *   -DMISBEHAVE_BAD_SIZE      the vtable claims to be larger than any host knows
 *   -DMISBEHAVE_NEWER_MINOR   built against a newer ABI minor than the host's
 *   -DMISBEHAVE_OTHER_MAJOR   answers the v1 entry with a vtable of another major version
 *   -DMISBEHAVE_NO_ENTRY      exports the wrong entry symbol
 *   -DMISBEHAVE_SLOPPY        accepts any config, answers OK to unknown ops and expired deadlines, and hands
 *                             back buffers from its own malloc
 * Config validation is deliberately crude (these are fixtures): a string "token" is required.
 */
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
#else
#error "define one MISBEHAVE_ variant"
#endif

static const gw_host_api *host;
struct gw_instance { int unused; };

#if defined(MISBEHAVE_BAD_MANIFEST)
static const char manifest[] = "{\"id\": \"misbehaving_bad_manifest\", \"ops\": [";
#else
static const char manifest[] =
    "{\"id\":\"misbehaving_" VARIANT "\",\"name\":\"Misbehaving (" VARIANT ")\",\"version\":\"0.0.1\",\"kind\":\"test\","
    "\"ops\":[\"test\"],\"thread_safe\":true,\"webhook\":false,"
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

static gw_status misbehaving_create(const char *config, size_t length, gw_instance **out, gw_result *result) {
#if !defined(MISBEHAVE_SLOPPY)
    char *copy = strndup(config, length);
    int valid = strstr(copy, "\"token\":\"") != NULL;
    free(copy);
    if (!valid) return answer(result, GW_INVALID, "{\"code\":\"INVALID\",\"message\":\"token is required\",\"field\":\"token\"}");
#else
    (void)config, (void)length;
#endif
    *out = calloc(1, sizeof **out);
    return result->status = GW_OK;
}

static void misbehaving_destroy(gw_instance *instance) { free(instance); }

static gw_status misbehaving_invoke(gw_instance *instance, const gw_call *call, const char *op, size_t op_len, const char *input,
                                    size_t input_len, gw_result *result) {
    (void)instance, (void)input, (void)input_len;
#if defined(MISBEHAVE_HANG)
    usleep(4000 * 1000);
    (void)call, (void)op, (void)op_len;
    return answer(result, GW_OK, "{}");
#elif defined(MISBEHAVE_BAD_JSON)
    (void)call, (void)op, (void)op_len;
    return answer(result, GW_OK, "{\"broken");
#elif defined(MISBEHAVE_SLOPPY)
    (void)call, (void)op, (void)op_len;
    return answer(result, GW_OK, "{}");
#else
    if (gw_call_remaining_ms(host, call) <= 0) return answer(result, GW_TIMEOUT, "{\"code\":\"TIMEOUT\",\"message\":\"late\"}");
    if (op_len == 4 && memcmp(op, "test", 4) == 0) return answer(result, GW_OK, "{}");
    return answer(result, GW_UNSUPPORTED, "{\"code\":\"UNSUPPORTED\",\"message\":\"unknown op\",\"field\":\"op\"}");
#endif
}

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
#else
    .abi_minor = GW_ABI_MINOR,
#endif
    .manifest_json = manifest,
    .manifest_len = sizeof manifest - 1,
    .create = misbehaving_create,
    .destroy = misbehaving_destroy,
    .invoke = misbehaving_invoke,
};

#if defined(MISBEHAVE_NO_ENTRY)
const gw_provider_vtable *gw_provider_entry_v0(const gw_host_api *host_api) {
#else
const gw_provider_vtable *gw_provider_entry_v1(const gw_host_api *host_api) {
#endif
    host = host_api;
    return &vtable;
}
