namespace ClockBound.TestSupport;

/// <summary>
/// A real chronyd pair on loopback, neither touching the system clock (<c>-x</c>): a server
/// (<c>local stratum 1</c> on 127.0.0.1, a free UDP port per harness so tests can run in
/// parallel) and a client polling it every 0.25–1 s with <c>maxclockerror 50</c>, synchronised
/// (stratum 2, leap Normal) a few seconds after start. The client's command socket
/// (<see cref="ClientSocketPath"/>) is what code under test talks to. Dispose stops both and
/// deletes their directories.
/// </summary>
public sealed class ChronydHarness : IDisposable
{
    private const int PortAttempts = 5;

    private ChronydHarness(ChronydInstance? server, int? serverPort, ChronydInstance client)
    {
        Server = server;
        ServerPort = serverPort;
        Client = client;
    }

    /// <summary>The NTP server chronyd, or null when started without one.</summary>
    public ChronydInstance? Server { get; }

    /// <summary>The server's UDP port on 127.0.0.1, or null without a server.</summary>
    public int? ServerPort { get; }

    /// <summary>The client chronyd: the one whose command socket code under test uses.</summary>
    public ChronydInstance Client { get; }

    /// <summary>The client chronyd's command socket.</summary>
    public string ClientSocketPath => Client.SocketPath;

    /// <summary>
    /// <see cref="Start"/>, then <see cref="WaitForSynchronized"/>; stops both instances if they do
    /// not synchronise. What a class fixture wants.
    /// </summary>
    /// <exception cref="InvalidOperationException">chronyd is missing or would not start.</exception>
    /// <exception cref="TimeoutException">The client did not synchronise within 30 s.</exception>
    public static ChronydHarness StartSynchronized(ChronydHarnessOptions? options = null)
    {
        ChronydHarness harness = Start(options);
        try
        {
            harness.WaitForSynchronized();
            return harness;
        }
        catch
        {
            harness.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the server (unless <see cref="ChronydHarnessOptions.WithNtpServer"/> is false) and the
    /// client. Does not wait for synchronisation: call <see cref="WaitForSynchronized"/>, or start with <see cref="StartSynchronized"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">chronyd is missing ("run scripts/install-deps.sh") or would not start.</exception>
    public static ChronydHarness Start(ChronydHarnessOptions? options = null)
    {
        options ??= new ChronydHarnessOptions();
        ChronydInstance? server = null;
        int? port = null;
        try
        {
            var clientLines = new List<string>();
            if (options.WithNtpServer)
            {
                (server, port) = StartServer(options.ServerConfig);
                clientLines.Add($"server 127.0.0.1 port {port} iburst minpoll -2 maxpoll 0");
            }

            clientLines.Add("port 0"); // no NTP service on the client
            clientLines.Add("maxclockerror 50");
            clientLines.AddRange(options.ClientConfig);
            ChronydInstance client = ChronydInstance.Start("client", clientLines, options.ClientUser);
            return new ChronydHarness(server, port, client);
        }
        catch
        {
            server?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a lone NTP server chronyd (<c>local stratum 1</c>) on a free 127.0.0.1 UDP port,
    /// retrying on another port if that one was taken meanwhile.
    /// </summary>
    public static (ChronydInstance Server, int Port) StartServer(IEnumerable<string>? extraConfig = null)
    {
        string[] extra = extraConfig?.ToArray() ?? [];
        for (int attempt = 1; ; attempt++)
        {
            int port = LoopbackPorts.ReserveUdp();
            ChronydInstance server = ChronydInstance.Start(
                "server",
                ["local stratum 1", $"port {port}", "bindaddress 127.0.0.1", "allow 127.0.0.1", .. extra]);

            // chronyd keeps running without its NTP socket when the port is taken; only its log says so.
            string log = server.ReadLog();
            if (!log.Contains("Could not open NTP socket", StringComparison.Ordinal))
            {
                return (server, port);
            }

            server.Dispose();
            if (attempt == PortAttempts)
            {
                throw new InvalidOperationException(
                    $"chronyd server could not bind a UDP port on 127.0.0.1 in {PortAttempts} attempts; last log:\n{log}");
            }
        }
    }

    /// <summary>Waits until the client is synchronised ("Leap status : Normal"); default limit 30 s.</summary>
    public void WaitForSynchronized(TimeSpan? timeout = null) => Client.WaitForSynchronized(timeout);

    /// <summary>Stops both instances and deletes their directories.</summary>
    public void Dispose()
    {
        Client.Dispose();
        Server?.Dispose();
    }
}
