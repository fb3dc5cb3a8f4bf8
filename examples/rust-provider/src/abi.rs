//! The gateway provider ABI 1.1, written by hand from `gateway_provider.h`: the structs as `#[repr(C)]`, their layout
//! checked at compile time against the sizes the header asserts.
use std::ffi::c_void;
use std::os::raw::c_char;

pub const ABI_MAJOR: u16 = 1;
pub const ABI_MINOR: u16 = 1;

pub type Status = i32;
pub const OK: Status = 0;
pub const INVALID: Status = 5;
pub const TIMEOUT: Status = 6;
pub const UNSUPPORTED: Status = 7;
pub const INTERNAL: Status = 8;

pub const LOG_DEBUG: i32 = 0;

#[repr(C)]
pub struct HostApi {
    pub struct_size: u32,
    pub abi_major: u16,
    pub abi_minor: u16,
    pub context: *mut c_void,
    pub alloc: Option<unsafe extern "C" fn(size: usize) -> *mut c_void>,
    pub free: Option<unsafe extern "C" fn(ptr: *mut c_void)>,
    pub log: Option<unsafe extern "C" fn(context: *mut c_void, level: i32, message: *const c_char, len: usize)>,
    pub now_ms: Option<unsafe extern "C" fn() -> u64>,
    pub destination_allowed: Option<unsafe extern "C" fn(context: *mut c_void, address: *const c_void, len: usize) -> i32>,
}

#[repr(C)]
pub struct Call {
    pub struct_size: u32,
    pub reserved: u32,
    pub deadline_ms: u64,
    pub cancel_flag: *const i32,
}

#[repr(C)]
pub struct CallResult {
    pub struct_size: u32,
    pub status: Status,
    pub retry_after_ms: u32,
    pub reserved: u32,
    pub output: *mut c_char,
    pub output_len: usize,
}

/// What the provider's instance is to the host: opaque.
pub enum Instance {}

/// Only named by the vtable: this provider takes no webhooks.
pub enum WebhookRequest {}

#[repr(C)]
pub struct Vtable {
    pub struct_size: u32,
    pub abi_major: u16,
    pub abi_minor: u16,
    pub manifest_json: *const c_char,
    pub manifest_len: usize,
    pub webhook_vectors_json: *const c_char,
    pub webhook_vectors_len: usize,
    pub create: Option<unsafe extern "C" fn(*const c_char, usize, *mut *mut Instance, *mut CallResult) -> Status>,
    pub destroy: Option<unsafe extern "C" fn(*mut Instance)>,
    pub invoke: Option<unsafe extern "C" fn(*mut Instance, *const Call, *const c_char, usize, *const c_char, usize, *mut CallResult) -> Status>,
    pub webhook: Option<unsafe extern "C" fn(*mut Instance, *const Call, *const WebhookRequest, *mut CallResult) -> Status>,
}

// The vtable is static and read-only; its pointers are to static data.
unsafe impl Sync for Vtable {}

const _: () = assert!(std::mem::size_of::<HostApi>() == 56);
const _: () = assert!(std::mem::size_of::<Call>() == 24);
const _: () = assert!(std::mem::size_of::<CallResult>() == 32);
const _: () = assert!(std::mem::size_of::<Vtable>() == 72);
