/*
 * echo_provider.c -- a gateway provider in plain C: the proof that the ABI needs no Swift.
 *
 * Build:  cc -shared -fPIC -O2 $(pkg-config --cflags gateway-provider) echo_provider.c -lcjson -o libc_echo.so
 *         (`make sdk` installs the header and gateway-provider.pc; scripts/build-c-provider.sh does this)
 * Check:  gateway provider-test libc_echo.so
 *
 * Ops: "test" (always ready), "send" {to, text} -> {provider_message_id, echo}, "echo" (returns its input),
 * "noop" (does nothing: measures the ABI's own cost). Webhooks must carry the configured token in the
 * X-Echo-Token header; the body {id, from, text} becomes one message_received event.
 */
#include <cjson/cJSON.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway_provider.h"

static const gw_host_api *host;

struct gw_instance {
    char *token;
    char *prefix;
    atomic_ulong sent;
};

static const char manifest[] =
    "{\"id\":\"c_echo\",\"name\":\"Echo (C example)\",\"version\":\"1.0.0\",\"kind\":\"echo\","
    "\"ops\":[\"test\",\"send\",\"echo\",\"noop\"],\"webhook\":true,\"thread_safe\":true,"
    "\"config\":["
    "{\"name\":\"token\",\"type\":\"string\",\"required\":true,\"secret\":true,"
    "\"description\":\"shared secret webhooks must carry\",\"example\":\"example-token\"},"
    "{\"name\":\"prefix\",\"type\":\"string\",\"required\":false,\"secret\":false,"
    "\"description\":\"prepended to echoed text\",\"example\":\"echo: \"}]}";

static const char webhook_vectors[] =
    "{\"config\":{\"token\":\"vector-token\"},\"vectors\":["
    "{\"name\":\"signed message\",\"method\":\"POST\",\"path\":\"/\",\"headers\":{\"x-echo-token\":\"vector-token\"},"
    "\"body\":\"{\\\"id\\\":\\\"m1\\\",\\\"from\\\":\\\"5511999990000\\\",\\\"text\\\":\\\"hi\\\"}\",\"expect\":\"ok\",\"events\":1},"
    "{\"name\":\"wrong token\",\"method\":\"POST\",\"path\":\"/\",\"headers\":{\"x-echo-token\":\"vector-tokem\"},"
    "\"body\":\"{\\\"id\\\":\\\"m1\\\",\\\"from\\\":\\\"5511999990000\\\",\\\"text\\\":\\\"hi\\\"}\",\"expect\":\"auth\"},"
    "{\"name\":\"no token\",\"method\":\"POST\",\"path\":\"/\",\"headers\":{},"
    "\"body\":\"{\\\"id\\\":\\\"m1\\\",\\\"from\\\":\\\"5511999990000\\\",\\\"text\\\":\\\"hi\\\"}\",\"expect\":\"auth\"}]}";

/* Hands `json` (NUL-terminated, or NULL) to the host as the call's output. */
static gw_status finish(gw_result *result, gw_status status, const char *json) {
    return gw_result_set(host, result, status, json, json == NULL ? 0 : strlen(json));
}

/* Finishes with a cJSON document, which is freed here. */
static gw_status finish_json(gw_result *result, gw_status status, cJSON *document) {
    char *json = cJSON_PrintUnformatted(document);
    cJSON_Delete(document);
    if (json == NULL) return finish(result, GW_INTERNAL, NULL);
    gw_status returned = finish(result, status, json);
    cJSON_free(json);
    return returned;
}

static gw_status fail(gw_result *result, gw_status status, const char *code, const char *message, const char *field) {
    cJSON *error = cJSON_CreateObject();
    cJSON_AddStringToObject(error, "code", code);
    cJSON_AddStringToObject(error, "message", message);
    if (field != NULL) cJSON_AddStringToObject(error, "field", field);
    return finish_json(result, status, error);
}

/* Compares in time that depends only on the lengths, so a forged webhook learns nothing from timing. */
static int secrets_equal(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b), n = la > lb ? la : lb;
    unsigned char diff = (unsigned char)(la != lb);
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)((i < la ? a[i] : 0) ^ (i < lb ? b[i] : 0));
    return diff == 0;
}

static gw_status echo_create(const char *config_json, size_t config_len, gw_instance **out, gw_result *result) {
    cJSON *config = cJSON_ParseWithLength(config_json, config_len);
    if (!cJSON_IsObject(config)) {
        cJSON_Delete(config);
        return fail(result, GW_INVALID, "INVALID", "config is not a JSON object", NULL);
    }
    cJSON *token = cJSON_GetObjectItemCaseSensitive(config, "token");
    cJSON *prefix = cJSON_GetObjectItemCaseSensitive(config, "prefix");
    gw_status status = GW_OK;
    if (!cJSON_IsString(token) || token->valuestring[0] == '\0') {
        status = fail(result, GW_INVALID, "INVALID", "config field 'token' must be a non-empty string", "token");
    } else if (prefix != NULL && !cJSON_IsNull(prefix) && !cJSON_IsString(prefix)) {
        status = fail(result, GW_INVALID, "INVALID", "config field 'prefix' must be a string", "prefix");
    } else {
        gw_instance *instance = calloc(1, sizeof *instance);
        instance->token = strdup(token->valuestring);
        instance->prefix = strdup(cJSON_IsString(prefix) ? prefix->valuestring : "");
        *out = instance;
        result->status = GW_OK;
        static const char created[] = "c_echo instance created";
        host->log(host->context, GW_LOG_DEBUG, created, sizeof created - 1);
    }
    cJSON_Delete(config);
    return status;
}

static void echo_destroy(gw_instance *instance) {
    free(instance->token);
    free(instance->prefix);
    free(instance);
}

static gw_status echo_send(gw_instance *instance, const char *input_json, size_t input_len, gw_result *result) {
    cJSON *input = cJSON_ParseWithLength(input_json, input_len);
    cJSON *to = cJSON_GetObjectItemCaseSensitive(input, "to");
    cJSON *text = cJSON_GetObjectItemCaseSensitive(input, "text");
    gw_status status;
    if (!cJSON_IsString(to)) {
        status = fail(result, GW_INVALID, "INVALID", "field 'to' must be a string", "to");
    } else if (!cJSON_IsString(text)) {
        status = fail(result, GW_INVALID, "INVALID", "field 'text' must be a string", "text");
    } else {
        char id[32], *echo = malloc(strlen(instance->prefix) + strlen(text->valuestring) + 1);
        snprintf(id, sizeof id, "c-echo-%lu", atomic_fetch_add(&instance->sent, 1) + 1);
        strcat(strcpy(echo, instance->prefix), text->valuestring);
        cJSON *output = cJSON_CreateObject();
        cJSON_AddStringToObject(output, "provider_message_id", id);
        cJSON_AddStringToObject(output, "echo", echo);
        free(echo);
        status = finish_json(result, GW_OK, output);
    }
    cJSON_Delete(input);
    return status;
}

static gw_status echo_invoke(gw_instance *instance, const gw_call *call, const char *op, size_t op_len, const char *input_json,
                             size_t input_len, gw_result *result) {
    if (gw_call_cancelled(call) || gw_call_remaining_ms(host, call) <= 0)
        return fail(result, GW_TIMEOUT, "TIMEOUT", "deadline passed", NULL);
    if (op_len == 4 && memcmp(op, "noop", 4) == 0) return result->status = GW_OK;
    if (op_len == strlen(GW_OP_TEST) && memcmp(op, GW_OP_TEST, op_len) == 0) return finish(result, GW_OK, "{\"message\":\"c_echo is ready\"}");
    if (op_len == strlen(GW_OP_SEND) && memcmp(op, GW_OP_SEND, op_len) == 0) return echo_send(instance, input_json, input_len, result);
    if (op_len == 4 && memcmp(op, "echo", 4) == 0) {
        char *copy = strndup(input_len > 0 ? input_json : "{}", input_len > 0 ? input_len : 2);
        gw_status status = finish(result, GW_OK, copy);
        free(copy);
        return status;
    }
    return fail(result, GW_UNSUPPORTED, "UNSUPPORTED", "op is not supported by c_echo", "op");
}

static gw_status echo_webhook(gw_instance *instance, const gw_call *call, const gw_webhook_request *request, gw_result *result) {
    (void)call;
    cJSON *headers = cJSON_ParseWithLength(request->headers_json, request->headers_json_len);
    cJSON *token = cJSON_GetObjectItemCaseSensitive(headers, "x-echo-token");
    int authentic = cJSON_IsString(token) && secrets_equal(token->valuestring, instance->token);
    cJSON_Delete(headers);
    if (!authentic) return fail(result, GW_AUTH, "AUTH", "webhook token does not match", NULL);

    cJSON *body = cJSON_ParseWithLength((const char *)request->body, request->body_len);
    cJSON *id = cJSON_GetObjectItemCaseSensitive(body, "id");
    cJSON *from = cJSON_GetObjectItemCaseSensitive(body, "from");
    cJSON *text = cJSON_GetObjectItemCaseSensitive(body, "text");
    if (!cJSON_IsString(id) || !cJSON_IsString(from) || !cJSON_IsString(text)) {
        cJSON_Delete(body);
        return fail(result, GW_INVALID, "INVALID", "body is not an echo message", "body");
    }
    cJSON *output = cJSON_CreateObject();
    cJSON *response = cJSON_AddObjectToObject(output, "response");
    cJSON_AddNumberToObject(response, "status", 200);
    cJSON_AddObjectToObject(response, "headers");
    cJSON_AddStringToObject(response, "body", "");
    cJSON *event = cJSON_CreateObject();
    cJSON_AddStringToObject(event, "type", "message_received");
    cJSON_AddStringToObject(event, "provider_message_id", id->valuestring);
    cJSON_AddStringToObject(event, "from", from->valuestring);
    cJSON_AddStringToObject(event, "text", text->valuestring);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(output, "events"), event);
    cJSON_Delete(body);
    return finish_json(result, GW_OK, output);
}

static const gw_provider_vtable vtable = {
    .struct_size = sizeof(gw_provider_vtable),
    .abi_major = GW_ABI_MAJOR,
    .abi_minor = GW_ABI_MINOR,
    .manifest_json = manifest,
    .manifest_len = sizeof manifest - 1,
    .webhook_vectors_json = webhook_vectors,
    .webhook_vectors_len = sizeof webhook_vectors - 1,
    .create = echo_create,
    .destroy = echo_destroy,
    .invoke = echo_invoke,
    .webhook = echo_webhook,
};

GW_PROVIDER_ENTRY(host_api) {
    if (host_api == NULL || host_api->abi_major != GW_ABI_MAJOR) return NULL;
    host = host_api;
    return &vtable;
}
