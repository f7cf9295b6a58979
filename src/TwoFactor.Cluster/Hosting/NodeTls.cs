using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// Mutual TLS for Akka.Remote: this node's certificate (with its private key) and the certificate
/// authorities its peers' certificates must chain to. Both sides of every connection present a certificate
/// and check the other's against these authorities only (not the system store), so a node without a
/// certificate, or with one from another CA, cannot connect, and plain TCP is refused.
/// </summary>
public sealed class NodeTls
{
    private readonly X509Certificate2Collection _authorities;

    private NodeTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        _authorities = authorities;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Loads the node certificate (PEM with <paramref name="keyPath"/>, or PKCS#12 .p12/.pfx with an optional
    /// password) and the CA file (PEM, one or more certificates). Every problem is an
    /// <see cref="ArgumentException"/> whose message names the option and the file, never the password.
    /// </summary>
    public static NodeTls Load(string certificatePath, string? keyPath, string caPath, string? password)
    {
        var certificate = LoadCertificate(certificatePath, keyPath, password);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tls-ca: cannot read CA certificates from {caPath}: {e.Message}");
        }
        if (authorities.Count == 0) throw new ArgumentException($"--tls-ca: {caPath} holds no PEM certificate");
        var tls = new NodeTls(certificate, authorities);
        // A node whose own certificate its peers would reject is a configuration mistake: say so now.
        if (!tls.Chains(certificate, null, out var problem))
            throw new ArgumentException($"--tls-cert: {certificatePath} is not signed by a CA in {caPath} ({problem})");
        return tls;
    }

    private static X509Certificate2 LoadCertificate(string path, string? keyPath, string? password)
    {
        try
        {
            bool pkcs12 = path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase);
            if (pkcs12) return X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (keyPath is null) throw new ArgumentException("--tls-key: a PEM certificate needs its private key file (or give a .p12/.pfx as --tls-cert)");
            using var pem = X509Certificate2.CreateFromPemFile(path, keyPath);
            // Round trip through PKCS#12: SslStream needs a key it can use for the server side on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tls-cert: cannot load the certificate and key from {path}{(keyPath is null ? "" : $" and {keyPath}")}: {e.Message}");
        }
    }

    /// <summary>Akka.Remote's TLS setup: mutual authentication, peers validated by <see cref="Validate"/>.</summary>
    public DotNettySslSetup ToSetup() =>
        new(Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, Validate);

    /// <summary>
    /// Called by Akka.Remote on both sides of a handshake. Accepts only a peer certificate that chains to one
    /// of our authorities (the system store's errors are ignored: our CA is not in it). Host names are not
    /// checked: nodes connect by IP and announce addresses that need not match a name in the certificate.
    /// </summary>
    private bool Validate(X509Certificate2? peer, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (peer is null)
        {
            log.Warning("TLS: refused {0}: it presented no certificate", remotePeer);
            return false;
        }
        if (Chains(peer, chain, out var problem)) return true;
        log.Warning("TLS: refused {0}: its certificate {1} is not signed by a trusted CA ({2})", remotePeer, peer.Subject, problem);
        return false;
    }

    private bool Chains(X509Certificate2 certificate, X509Chain? presented, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA rarely publishes a CRL
        if (presented is not null)
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        bool ok = chain.Build(certificate);
        problem = ok ? "" : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return ok;
    }
}
