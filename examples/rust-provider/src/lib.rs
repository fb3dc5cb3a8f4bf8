//! A gateway provider in Rust with nothing but std: the ABI's structs are written by hand from the header (`abi`), the
//! little JSON it needs is parsed here (`json`). It "sends" by counting: `send` {to, text} answers a new
//! provider_message_id. Build: `cargo build --release`; check: `gateway provider-test target/release/librust_counter.so`.
mod abi;
mod json;

use abi::{Call, CallResult, HostApi, Instance, Status, Vtable};
use std::os::raw::c_char;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};

static MANIFEST: &str = concat!(
    r#"{"id":"rust_counter","name":"Counter (Rust example)","version":"1.0.0","kind":"echo","#,
    r#""ops":["test","send"],"webhook":false,"thread_safe":true,"config":["#,
    r#"{"name":"token","type":"string","required":true,"secret":true,"#,
    r#""description":"an account token (checked for shape only)","example":"example-token"}]}"#
);

static HOST: AtomicPtr<HostApi> = AtomicPtr::new(std::ptr::null_mut());

/// One configured account.
struct Counter {
    sent: AtomicU64,
}

fn host() -> &'static HostApi {
    // Set by the entry before the host can make any other call.
    unsafe { &*HOST.load(Ordering::Acquire) }
}

/// Hands `json` to the host in a buffer from its allocator, as the ABI requires.
unsafe fn answer(result: *mut CallResult, status: Status, json: &str) -> Status {
    let result = &mut *result;
    result.status = status;
    let alloc = match host().alloc {
        Some(alloc) => alloc,
        None => return status,
    };
    let buffer = alloc(json.len()) as *mut c_char;
    if buffer.is_null() {
        result.status = abi::INTERNAL;
        return abi::INTERNAL;
    }
    std::ptr::copy_nonoverlapping(json.as_ptr() as *const c_char, buffer, json.len());
    result.output = buffer;
    result.output_len = json.len();
    status
}

unsafe fn fail(result: *mut CallResult, status: Status, code: &str, message: &str, field: Option<&str>) -> Status {
    let field = field.map(|name| format!(",\"field\":{}", json::quote(name))).unwrap_or_default();
    answer(result, status, &format!("{{\"code\":{},\"message\":{}{}}}", json::quote(code), json::quote(message), field))
}

unsafe fn bytes<'a>(pointer: *const c_char, len: usize) -> &'a [u8] {
    if pointer.is_null() { &[] } else { std::slice::from_raw_parts(pointer as *const u8, len) }
}

unsafe extern "C" fn create(config: *const c_char, config_len: usize, out: *mut *mut Instance, result: *mut CallResult) -> Status {
    let config = match json::parse(bytes(config, config_len)) {
        Some(config) => config,
        None => return fail(result, abi::INVALID, "INVALID", "config is not JSON", None),
    };
    match config.get("token").and_then(json::Value::as_str) {
        Some(token) if !token.is_empty() => {
            *out = Box::into_raw(Box::new(Counter { sent: AtomicU64::new(0) })) as *mut Instance;
            (*result).status = abi::OK;
            abi::OK
        }
        _ => fail(result, abi::INVALID, "INVALID", "config field 'token' must be a non-empty string", Some("token")),
    }
}

unsafe extern "C" fn destroy(instance: *mut Instance) {
    drop(Box::from_raw(instance as *mut Counter));
}

unsafe extern "C" fn invoke(
    instance: *mut Instance, call: *const Call, op: *const c_char, op_len: usize, input: *const c_char, input_len: usize,
    result: *mut CallResult,
) -> Status {
    let counter = &*(instance as *const Counter);
    let call = &*call;
    let now = host().now_ms.map_or(0, |now| now());
    if std::ptr::read_volatile(call.cancel_flag) != 0 || now >= call.deadline_ms {
        return fail(result, abi::TIMEOUT, "TIMEOUT", "deadline passed", None);
    }
    match bytes(op, op_len) {
        b"test" => answer(result, abi::OK, r#"{"message":"rust_counter is ready"}"#),
        b"send" => {
            let input = json::parse(bytes(input, input_len));
            let field = |name| input.as_ref().and_then(|input| input.get(name)).and_then(json::Value::as_str);
            if field("to").is_none() {
                return fail(result, abi::INVALID, "INVALID", "field 'to' must be a string", Some("to"));
            }
            if field("text").is_none() {
                return fail(result, abi::INVALID, "INVALID", "field 'text' must be a string", Some("text"));
            }
            let number = counter.sent.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(log) = host().log {
                let line = "rust_counter counted a message";
                log(host().context, abi::LOG_DEBUG, line.as_ptr() as *const c_char, line.len());
            }
            answer(result, abi::OK, &format!("{{\"provider_message_id\":\"rust-{number}\"}}"))
        }
        _ => fail(result, abi::UNSUPPORTED, "UNSUPPORTED", "op is not supported by rust_counter", Some("op")),
    }
}

static VTABLE: Vtable = Vtable {
    struct_size: std::mem::size_of::<Vtable>() as u32,
    abi_major: abi::ABI_MAJOR,
    abi_minor: abi::ABI_MINOR,
    manifest_json: MANIFEST.as_ptr() as *const c_char,
    manifest_len: MANIFEST.len(),
    webhook_vectors_json: std::ptr::null(),
    webhook_vectors_len: 0,
    create: Some(create),
    destroy: Some(destroy),
    invoke: Some(invoke),
    webhook: None,
};

/// The one exported symbol (`GW_ENTRY_SYMBOL`).
#[no_mangle]
pub unsafe extern "C" fn gw_provider_entry_v1(host: *const HostApi) -> *const Vtable {
    if host.is_null() || (*host).abi_major != abi::ABI_MAJOR {
        return std::ptr::null();
    }
    HOST.store(host as *mut HostApi, Ordering::Release);
    &VTABLE
}
