using System.Text;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace TwoFactor.Cluster.Logging;

/// <summary>
/// Akka logger (configured by <see cref="LogSettings"/>) that appends each event as one timestamped line,
/// with the exception's full text for errors, to the log file, and to stderr when verbose. Known secrets
/// (<see cref="Secrets"/>) are masked. If the file cannot be written, it says so once on stderr and logs there.
/// </summary>
public sealed class FileLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly string _path;
    private readonly bool _stderr;
    private TextWriter? _file;
    private bool _fileFailed;

    public FileLogger()
    {
        var config = Context.System.Settings.Config.GetConfig("twofactor.log");
        _path = config?.GetString("file", "") ?? "";
        _stderr = config?.GetBoolean("stderr", false) ?? false;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    protected override void PostStop()
    {
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // nothing left to report it to
        }
    }

    private void Write(LogEvent e)
    {
        var line = new StringBuilder()
            .Append(e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'")).Append(' ')
            .Append(Level(e.LogLevel())).Append(' ')
            .Append('[').Append(e.LogSource).Append("] ")
            .Append(e.Message?.ToString());
        if (e.Cause is not null) line.AppendLine().Append(e.Cause);
        var text = Secrets.Redact(line.ToString());
        if (_stderr) Console.Error.WriteLine(text);
        var file = File();
        if (file is not null)
        {
            try
            {
                file.WriteLine(text);
                return;
            }
            catch (IOException ex)
            {
                // A full disk must not crash the logger (it would restart and fail again on every event).
                Failed(ex.Message);
            }
        }
        if (!_stderr && _fileFailed) Console.Error.WriteLine(text);
    }

    private void Failed(string reason)
    {
        _fileFailed = true;
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // the buffered rest is lost with the file
        }
        _file = null;
        Console.Error.WriteLine($"warning: cannot write the log file {_path} ({reason}); logging to stderr instead");
    }

    private TextWriter? File()
    {
        if (_file is not null || _fileFailed || _path.Length == 0) return _file;
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            // Shared: several workers started in one folder may append to the same file.
            var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _file = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Failed(ex.Message);
        }
        return _file;
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.DebugLevel => "DEBUG",
        LogLevel.InfoLevel => "INFO",
        LogLevel.WarningLevel => "WARNING",
        _ => "ERROR",
    };
}
