//! HTTPS for the emulator: a throw-away CA made at start-up and a server certificate it signs,
//! so tests can trust the CA through a file, or see verification fail without it.

use std::io;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use serde::Deserialize;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// How the emulator serves HTTPS.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// Names the server certificate is valid for (IP addresses or DNS names).
    pub names: Vec<String>,
    /// Offer TLS 1.3 only (no TLS 1.2).
    pub tls13_only: bool,
}

impl Default for TlsConfig {
    fn default() -> TlsConfig {
        TlsConfig {
            names: vec!["127.0.0.1".to_string(), "localhost".to_string()],
            tls13_only: false,
        }
    }
}

/// The acceptor wrapping each connection, and the CA certificate that signed the server's.
pub(crate) struct Tls {
    pub acceptor: TlsAcceptor,
    pub ca_pem: String,
}

/// Makes a CA and a server certificate for `config.names`, and a rustls acceptor for them.
pub(crate) fn generate(config: &TlsConfig) -> io::Result<Tls> {
    let ca = certified_ca().map_err(io::Error::other)?;

    let server_key = KeyPair::generate().map_err(io::Error::other)?;
    let mut params = CertificateParams::new(config.names.clone()).map_err(io::Error::other)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "jenkins-emulator");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = params
        .signed_by(&server_key, &ca)
        .map_err(io::Error::other)?;

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let versions: &[&rustls::SupportedProtocolVersion] = if config.tls13_only {
        &[&rustls::version::TLS13]
    } else {
        &[&rustls::version::TLS13, &rustls::version::TLS12]
    };
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let server = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(vec![server_cert.der().clone(), ca.der().clone()], key)
        .map_err(io::Error::other)?;

    Ok(Tls {
        acceptor: TlsAcceptor::from(Arc::new(server)),
        ca_pem: ca.pem(),
    })
}

fn certified_ca() -> Result<CertifiedIssuer<'static, KeyPair>, rcgen::Error> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "jenkins-emulator test CA");
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    CertifiedIssuer::self_signed(params, KeyPair::generate()?)
}
