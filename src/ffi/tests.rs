//! Every export called with NULL for each pointer and with invalid UTF-8: each returns
//! `JT_INVALID_ARGUMENT` with an error object, and none crashes. No request is sent: the
//! client points at a closed port.

use std::ffi::{c_char, CStr, CString};
use std::ptr::{null, null_mut};

use super::client::*;
use super::error::*;
use super::status::JtStatus::{self, *};
use super::strings::jt_string_free;
use super::trigger::*;
use super::version::*;

const BAD_UTF8: &[u8] = b"caf\xc3\x28\0";

fn bad() -> *const c_char {
    BAD_UTF8.as_ptr().cast()
}

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn new_client() -> *mut JtClient {
    let url = c("http://127.0.0.1:1/");
    let mut client = null_mut();
    // SAFETY: valid string and out-pointer.
    let status = unsafe { jt_client_new(url.as_ptr(), &mut client, null_mut()) };
    assert_eq!(status, JT_OK);
    client
}

/// Runs `call` with an error slot, checks the status and that the error object agrees.
fn expect_invalid(call: impl FnOnce(*mut *mut JtError) -> JtStatus) -> String {
    let mut error = null_mut();
    let status = call(&mut error);

    assert_eq!(status, JT_INVALID_ARGUMENT);
    assert!(!error.is_null());
    // SAFETY: the library just handed out this error.
    let message = unsafe {
        assert_eq!(jt_error_status(error), JT_INVALID_ARGUMENT);
        assert_eq!(jt_error_http_status(error), 0);
        let m = CStr::from_ptr(jt_error_message(error))
            .to_str()
            .unwrap()
            .to_string();
        jt_error_free(error);
        m
    };
    assert!(!message.is_empty());
    message
}

#[test]
fn client_new_refuses_null_bad_utf8_and_bad_urls() {
    let url = c("http://127.0.0.1:1/");
    let mut out = null_mut();

    // SAFETY: every pointer is NULL, a valid string or a valid out-pointer.
    unsafe {
        expect_invalid(|e| jt_client_new(null(), &mut out, e));
        expect_invalid(|e| jt_client_new(url.as_ptr(), null_mut(), e));
        expect_invalid(|e| jt_client_new(bad(), &mut out, e));
        expect_invalid(|e| jt_client_new(c("not a url").as_ptr(), &mut out, e));
        expect_invalid(|e| jt_client_new(c("http://h/ci/job/x/").as_ptr(), &mut out, e));
        assert_eq!(
            jt_client_new(null(), &mut out, null_mut()),
            JT_INVALID_ARGUMENT
        );
    }
    assert!(out.is_null(), "out_client must be written only on JT_OK");
}

#[test]
fn setters_refuse_null_and_bad_utf8() {
    let client = new_client();
    let (user, pw) = (c("deployer"), c("pw"));

    // SAFETY: every pointer is NULL, a valid string, or the live client.
    unsafe {
        for set in [jt_client_set_basic_auth, jt_client_set_api_token] {
            expect_invalid(|e| set(null_mut(), user.as_ptr(), pw.as_ptr(), e));
            expect_invalid(|e| set(client, null(), pw.as_ptr(), e));
            expect_invalid(|e| set(client, user.as_ptr(), null(), e));
            expect_invalid(|e| set(client, bad(), pw.as_ptr(), e));
            expect_invalid(|e| set(client, user.as_ptr(), bad(), e));
            expect_invalid(|e| set(client, c("a:b").as_ptr(), pw.as_ptr(), e));
        }
        expect_invalid(|e| jt_client_set_timeout_ms(null_mut(), 10, e));
        expect_invalid(|e| jt_client_set_timeout_ms(client, 0, e));
        expect_invalid(|e| jt_client_set_ca_file(null_mut(), c("/x").as_ptr(), e));
        expect_invalid(|e| jt_client_set_ca_file(client, null(), e));
        expect_invalid(|e| jt_client_set_ca_file(client, bad(), e));
        expect_invalid(|e| jt_client_set_ca_file(client, c("/nonexistent.pem").as_ptr(), e));
        expect_invalid(|e| jt_client_set_insecure(null_mut(), true, e));
        expect_invalid(|e| jt_client_set_proxy(null_mut(), c("http://127.0.0.1:9").as_ptr(), e));
        expect_invalid(|e| jt_client_set_proxy(client, null(), e));
        expect_invalid(|e| jt_client_set_proxy(client, bad(), e));
        jt_client_free(client);
    }
}

#[test]
fn get_crumb_refuses_null_pointers() {
    let client = new_client();
    let (mut field, mut crumb) = (null_mut(), null_mut());

    // SAFETY: every pointer is NULL, a valid out-pointer, or the live client.
    unsafe {
        expect_invalid(|e| jt_get_crumb(null_mut(), &mut field, &mut crumb, e));
        expect_invalid(|e| jt_get_crumb(client, null_mut(), &mut crumb, e));
        expect_invalid(|e| jt_get_crumb(client, &mut field, null_mut(), e));
        jt_client_free(client);
    }
    assert!(field.is_null() && crumb.is_null());
}

#[test]
fn trigger_refuses_null_pointers_and_bad_utf8_before_sending() {
    let client = new_client();
    let job = c("app");
    let (name, value) = (c("VERSION"), c("1"));
    let names = [name.as_ptr()];
    let values = [value.as_ptr()];
    let null_names = [null::<c_char>()];
    let bad_names = [bad()];
    let (mut id, mut url) = (7u64, null_mut());

    // SAFETY: every pointer is NULL, valid, or the live client; arrays hold `count` items.
    unsafe {
        let trigger = |c, j, n, v, k, i, u, e| jt_trigger_build(c, j, n, v, k, i, u, e);
        let (n, v) = (names.as_ptr(), values.as_ptr());
        expect_invalid(|e| trigger(null_mut(), job.as_ptr(), n, v, 1, &mut id, &mut url, e));
        expect_invalid(|e| trigger(client, null(), n, v, 1, &mut id, &mut url, e));
        expect_invalid(|e| trigger(client, bad(), n, v, 1, &mut id, &mut url, e));
        expect_invalid(|e| trigger(client, job.as_ptr(), null(), v, 1, &mut id, &mut url, e));
        expect_invalid(|e| trigger(client, job.as_ptr(), n, null(), 1, &mut id, &mut url, e));
        let nn = null_names.as_ptr();
        expect_invalid(|e| trigger(client, job.as_ptr(), nn, v, 1, &mut id, &mut url, e));
        let bn = bad_names.as_ptr();
        expect_invalid(|e| trigger(client, job.as_ptr(), bn, v, 1, &mut id, &mut url, e));
        expect_invalid(|e| trigger(client, job.as_ptr(), n, bn, 1, &mut id, &mut url, e));
        expect_invalid(|e| trigger(client, job.as_ptr(), n, v, 1, null_mut(), &mut url, e));
        expect_invalid(|e| trigger(client, job.as_ptr(), n, v, 1, &mut id, null_mut(), e));
        let twice = [name.as_ptr(), name.as_ptr()];
        let vv = [value.as_ptr(), value.as_ptr()];
        let m = expect_invalid(|e| {
            trigger(
                client,
                job.as_ptr(),
                twice.as_ptr(),
                vv.as_ptr(),
                2,
                &mut id,
                &mut url,
                e,
            )
        });
        assert_eq!(
            m,
            "the parameter 'VERSION' is given twice; give each name once"
        );
        jt_client_free(client);
    }
    assert_eq!(id, 7, "out_queue_id must be written only on JT_OK");
    assert!(url.is_null());
}

#[test]
fn error_accessors_and_frees_accept_null() {
    // SAFETY: NULL is allowed for each of these.
    unsafe {
        assert_eq!(jt_error_status(null()), JT_INVALID_ARGUMENT);
        assert_eq!(jt_error_http_status(null()), 0);
        assert_eq!(CStr::from_ptr(jt_error_message(null())).to_bytes(), b"");
        jt_error_free(null_mut());
        jt_string_free(null_mut());
        jt_client_free(null_mut());
    }
}

#[test]
fn versions_are_the_contract_and_crate_versions() {
    assert_eq!(jt_abi_version(), 1);
    // SAFETY: jt_version returns a static NUL-terminated string.
    let v = unsafe { CStr::from_ptr(jt_version()) };
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn follow_functions_refuse_null_pointers_and_bad_utf8() {
    use super::follow::*;
    use super::status::JtBuildResult;

    let client = new_client();
    let url = c("http://127.0.0.1:1/job/app/1/");
    let (mut number, mut text, mut next, mut more, mut building) =
        (0i64, null_mut(), 0u64, false, false);
    let mut result = JtBuildResult::JT_RESULT_NONE;

    // SAFETY: every pointer is NULL, valid, or the live client.
    unsafe {
        expect_invalid(|e| jt_wait_for_start(null_mut(), 1, 10, &mut number, &mut text, e));
        expect_invalid(|e| jt_wait_for_start(client, 1, 10, null_mut(), &mut text, e));
        expect_invalid(|e| jt_wait_for_start(client, 1, 10, &mut number, null_mut(), e));
        expect_invalid(|e| jt_get_build(null_mut(), url.as_ptr(), &mut building, &mut result, e));
        expect_invalid(|e| jt_get_build(client, null(), &mut building, &mut result, e));
        expect_invalid(|e| jt_get_build(client, bad(), &mut building, &mut result, e));
        expect_invalid(|e| jt_get_build(client, url.as_ptr(), null_mut(), &mut result, e));
        expect_invalid(|e| jt_get_build(client, url.as_ptr(), &mut building, null_mut(), e));
        expect_invalid(|e| {
            jt_get_build(
                client,
                c("http://h/x/").as_ptr(),
                &mut building,
                &mut result,
                e,
            )
        });
        expect_invalid(|e| jt_wait_for_build(null_mut(), url.as_ptr(), 10, &mut result, e));
        expect_invalid(|e| jt_wait_for_build(client, null(), 10, &mut result, e));
        expect_invalid(|e| jt_wait_for_build(client, url.as_ptr(), 10, null_mut(), e));
        expect_invalid(|e| jt_wait_for_build(client, url.as_ptr(), u64::MAX, &mut result, e));
        let read = |c, u, t, n, m, e| jt_read_console(c, u, 0, t, n, m, e);
        expect_invalid(|e| read(null_mut(), url.as_ptr(), &mut text, &mut next, &mut more, e));
        expect_invalid(|e| read(client, bad(), &mut text, &mut next, &mut more, e));
        expect_invalid(|e| read(client, url.as_ptr(), null_mut(), &mut next, &mut more, e));
        expect_invalid(|e| read(client, url.as_ptr(), &mut text, null_mut(), &mut more, e));
        expect_invalid(|e| read(client, url.as_ptr(), &mut text, &mut next, null_mut(), e));
        expect_invalid(|e| jt_stop_build(null_mut(), url.as_ptr(), e));
        expect_invalid(|e| jt_stop_build(client, null(), e));
        expect_invalid(|e| jt_stop_build(client, bad(), e));
        expect_invalid(|e| jt_cancel_queue_item(null_mut(), 1, e));
        expect_invalid(|e| jt_client_set_poll_interval_ms(null_mut(), 100, e));
        expect_invalid(|e| jt_client_set_poll_interval_ms(client, 0, e));
        jt_client_free(client);
    }
    assert!(text.is_null(), "out-parameters are written only on JT_OK");
    assert_eq!((number, next), (0, 0));
}

#[test]
fn trigger_options_refuse_null_and_bad_utf8() {
    let client = new_client();
    let job = c("app");
    let mut options = null_mut();
    let (mut id, mut url) = (0u64, null_mut());

    // SAFETY: every pointer is NULL, valid, or live.
    unsafe {
        expect_invalid(|e| jt_trigger_options_new(null_mut(), e));
        assert_eq!(jt_trigger_options_new(&mut options, null_mut()), JT_OK);
        expect_invalid(|e| jt_trigger_options_set_delay(null_mut(), 5, e));
        expect_invalid(|e| jt_trigger_options_set_token(null_mut(), c("t").as_ptr(), e));
        expect_invalid(|e| jt_trigger_options_set_token(options, null(), e));
        expect_invalid(|e| jt_trigger_options_set_token(options, bad(), e));
        let with =
            |c, j, o, i, u, e| jt_trigger_build_with_options(c, j, null(), null(), 0, o, i, u, e);
        expect_invalid(|e| with(null_mut(), job.as_ptr(), options, &mut id, &mut url, e));
        expect_invalid(|e| with(client, bad(), options, &mut id, &mut url, e));
        expect_invalid(|e| with(client, job.as_ptr(), options, null_mut(), &mut url, e));
        expect_invalid(|e| with(client, job.as_ptr(), options, &mut id, null_mut(), e));
        jt_trigger_options_free(options);
        jt_trigger_options_free(null_mut());
        jt_client_free(client);
    }
}
