using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// Akka.Remote over mutual TLS with certificates made in the test: a node with a certificate from the
/// cluster's CA joins and computes cells; a node with another CA's certificate, a plain-TCP node and a
/// TLS client without a certificate are refused.
/// </summary>
public sealed class TlsClusterTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<ActorSystem> _systems = [];
    private readonly TestCertificates _certificates;
    private readonly TestCertificates.Authority _ca;
    private readonly TestCertificates.Authority _otherCa;

    public TlsClusterTests()
    {
        _certificates = new TestCertificates(_temp.Path);
        _ca = _certificates.CreateAuthority("cluster-ca");
        _otherCa = _certificates.CreateAuthority("impostor-ca");
    }

    public void Dispose()
    {
        foreach (var system in _systems) system.Terminate().Wait(TimeSpan.FromSeconds(10));
        _temp.Dispose();
    }

    private NodeTls Tls(TestCertificates.Authority issuer, string name)
    {
        var node = _certificates.Issue(issuer, name);
        return NodeTls.Load(node.CertificatePath, node.KeyPath, _ca.CertificatePath, null);
    }

    private async Task<(ActorSystem System, int Port)> StartCoordinatorNode()
    {
        var system = await ClusterNode.StartAsync(new ClusterOptions("127.0.0.1", 0, []) { Tls = Tls(_ca, "coordinator") },
            [ClusterNode.CoordinatorRole], null);
        _systems.Add(system);
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
        Assert.Equal("akka.ssl.tcp", address.Protocol);
        return (system, address.Port!.Value);
    }

    [Fact]
    public async Task A_worker_with_the_cluster_CA_certificate_joins_and_computes_cells()
    {
        var plan = TestSweeps.Plan("tls", seeds: 6);
        var journal = new JournalTarget.Sqlite(JournalTarget.SqlitePathOf(_temp.Path, plan.SweepId));
        journal.Check(TimeSpan.FromSeconds(5));
        var (coordinatorNode, port) = await StartCoordinatorNode();
        var proxy = ClusterNode.StartCoordinatorSingleton(coordinatorNode,
            SweepCoordinator.Props(plan, Partitioner.ForPlan(plan), new CoordinatorSettings { ResultsRoot = _temp.Path }));

        var worker = await ClusterNode.StartAsync(
            new ClusterOptions("127.0.0.1", 0, [$"127.0.0.1:{port}"]) { Tls = Tls(_ca, "worker"), JoinTimeout = TimeSpan.FromSeconds(20) },
            [ClusterNode.WorkerRole], null);
        _systems.Add(worker);
        ClusterNode.StartSlots(worker, ClusterNode.CoordinatorProxy(worker), 1, new SlotSettings("reference", 1));

        var clock = Stopwatch.StartNew();
        ProgressReport? report = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                report = await proxy.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(5));
                if (report.Finished) break;
            }
            catch (AskTimeoutException)
            {
                // singleton still starting
            }
            await Task.Delay(200);
        }
        Assert.True(report is { Finished: true }, $"not finished: {report}");
        Assert.Contains(report!.CellsByWorker.Keys, w => w.StartsWith("akka.ssl.tcp://", StringComparison.Ordinal));
        var (rows, distinct, _) = TestSweeps.Dataset(Path.Combine(_temp.Path, plan.SweepId));
        Assert.Equal(plan.Cells.Count, rows);
        Assert.Equal(plan.Cells.Count, distinct);
    }

    [Fact]
    public async Task A_worker_with_another_CAs_certificate_cannot_join()
    {
        var (coordinatorNode, port) = await StartCoordinatorNode();
        // The impostor trusts the cluster CA (it knows the public certificate) but its own comes from elsewhere.
        var impostor = _certificates.Issue(_otherCa, "impostor");
        var combined = Path.Combine(_temp.Path, "both-cas.crt");
        File.WriteAllText(combined, File.ReadAllText(_ca.CertificatePath) + "\n" + File.ReadAllText(_otherCa.CertificatePath));
        var tls = NodeTls.Load(impostor.CertificatePath, impostor.KeyPath, combined, null);
        await AssertCannotJoin(coordinatorNode, new ClusterOptions("127.0.0.1", 0, [$"127.0.0.1:{port}"]) { Tls = tls });
    }

    private static async Task AssertCannotJoin(ActorSystem coordinatorNode, ClusterOptions worker)
    {
        var error = await Assert.ThrowsAsync<SweepStartException>(() =>
            ClusterNode.StartAsync(worker with { JoinTimeout = TimeSpan.FromSeconds(4) }, [ClusterNode.WorkerRole], null));
        Assert.Contains("could not join the cluster", error.Message);
        Assert.Single(Akka.Cluster.Cluster.Get(coordinatorNode).State.Members);
    }

    [Fact]
    public async Task A_plain_TCP_node_cannot_join_a_TLS_cluster()
    {
        var (coordinatorNode, port) = await StartCoordinatorNode();
        await AssertCannotJoin(coordinatorNode, new ClusterOptions("127.0.0.1", 0, [$"akka.tcp://{ClusterNode.SystemName}@127.0.0.1:{port}"]));
    }

    [Fact]
    public async Task A_TLS_client_without_a_certificate_is_disconnected()
    {
        var (_, port) = await StartCoordinatorNode();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        var refused = false;
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" })
                .WaitAsync(TimeSpan.FromSeconds(10));
            // TLS 1.3 reports a rejected (absent) client certificate after the handshake: the next read fails.
            var buffer = new byte[16];
            refused = await ssl.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == 0;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            refused = true;
        }
        Assert.True(refused, "the server accepted a TLS connection without a client certificate");
    }

    [Fact]
    public void Coordinator_and_worker_processes_run_a_sweep_over_TLS_and_an_impostor_is_refused()
    {
        var spec = TestSweeps.Write(_temp.Path, "tls-cli", seeds: 6);
        var results = Path.Combine(_temp.Path, "results");
        int port = FreePort.Next();
        var coordinatorCert = _certificates.Issue(_ca, "coordinator-cli");
        var workerCert = _certificates.Issue(_ca, "worker-cli");
        var impostor = _certificates.Issue(_otherCa, "impostor-cli");

        var half = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "worker", "--seed-nodes", $"127.0.0.1:{port}", "--tls-cert", workerCert.CertificatePath, "--tls-key", workerCert.KeyPath);
        Assert.Equal(2, half.ExitCode);
        Assert.Contains("--tls-ca: TLS needs the CA certificate too", half.Err);

        using var coordinator = CliProcess.Start(_temp.Path, "coordinator", spec, "--port", port.ToString(), "--results", results,
            "--tls-cert", coordinatorCert.CertificatePath, "--tls-key", coordinatorCert.KeyPath, "--tls-ca", _ca.CertificatePath);
        Poll.Until(() => coordinator.Out.Contains("coordinator akka.ssl.tcp://") || coordinator.HasExited, TimeSpan.FromSeconds(30), "the coordinator node");
        Assert.False(coordinator.HasExited, coordinator.Out + coordinator.Err);

        // Environment fallbacks, as in a container.
        var impostorEnv = new Dictionary<string, string>
        {
            ["TWOFACTOR_TLS_CERT"] = impostor.CertificatePath, ["TWOFACTOR_TLS_KEY"] = impostor.KeyPath, ["TWOFACTOR_TLS_CA"] = _ca.CertificatePath,
        };
        var both = Path.Combine(_temp.Path, "both.crt");
        File.WriteAllText(both, File.ReadAllText(_ca.CertificatePath) + "\n" + File.ReadAllText(_otherCa.CertificatePath));
        impostorEnv["TWOFACTOR_TLS_CA"] = both;
        using (var rejected = CliProcess.Start(_temp.Path, impostorEnv, "worker", "--seed-nodes", $"127.0.0.1:{port}", "--join-timeout", "4", "--slots", "1"))
        {
            Assert.True(rejected.WaitForExit(TimeSpan.FromSeconds(40)), rejected.Out + rejected.Err);
            Assert.Equal(2, rejected.ExitCode);
            Assert.Contains("could not join the cluster", rejected.Err);
            Assert.Single(rejected.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        var workerEnv = new Dictionary<string, string>
        {
            ["TWOFACTOR_TLS_CERT"] = workerCert.CertificatePath, ["TWOFACTOR_TLS_KEY"] = workerCert.KeyPath, ["TWOFACTOR_TLS_CA"] = _ca.CertificatePath,
        };
        using var worker = CliProcess.Start(_temp.Path, workerEnv, "worker", "--seed-nodes", $"127.0.0.1:{port}", "--slots", "1", "--engine", "reference");
        Assert.True(coordinator.WaitForExit(TimeSpan.FromSeconds(120)), coordinator.Out + coordinator.Err);
        Assert.True(coordinator.ExitCode == 0, coordinator.Out + coordinator.Err);
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), worker.Out + worker.Err);
        Assert.Equal(0, worker.ExitCode);
        var directory = Directory.GetDirectories(results).Single();
        var (rows, distinct, _) = TestSweeps.Dataset(directory);
        Assert.Equal(6, rows);
        Assert.Equal(6, distinct);
        // The coordinator's log says why the impostor was turned away.
        Assert.Contains("TLS: refused", File.ReadAllText(Path.Combine(directory, "twofactor.log")));
    }

    [Fact]
    public void A_PKCS12_certificate_with_a_password_is_accepted_and_a_wrong_password_is_one_clear_line()
    {
        var node = _certificates.Issue(_ca, "p12-node");
        using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(node.CertificatePath, node.KeyPath);
        var p12 = Path.Combine(_temp.Path, "node.p12");
        File.WriteAllBytes(p12, pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "p12-secret"));
        Assert.True(NodeTls.Load(p12, null, _ca.CertificatePath, "p12-secret").Certificate.HasPrivateKey);
        var error = Assert.Throws<ArgumentException>(() => NodeTls.Load(p12, null, _ca.CertificatePath, "wrong"));
        Assert.StartsWith($"--tls-cert: cannot load the certificate and key from {p12}", error.Message);
        Assert.DoesNotContain("p12-secret", error.Message);
    }

    [Fact]
    public void A_node_certificate_not_signed_by_the_CA_is_refused_at_start()
    {
        var stranger = _certificates.Issue(_otherCa, "stranger");
        var error = Assert.Throws<ArgumentException>(() => NodeTls.Load(stranger.CertificatePath, stranger.KeyPath, _ca.CertificatePath, null));
        Assert.Contains("--tls-cert", error.Message);
        Assert.Contains("is not signed by a CA in", error.Message);
    }
}
