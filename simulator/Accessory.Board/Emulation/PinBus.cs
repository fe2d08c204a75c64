using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Accessory.Board.Emulation
{
    /// <summary>
    /// The board's pin levels, shared by the emulated GpioController and the outside world. Outside, a Unix socket
    /// (board/gpio.sock in the data folder, mode 0600) takes one text command per connection and answers one line:
    /// "read PIN" -> "high|low", "drive PIN high|low" -> "ok" (an external level on an input pin, as a pressed
    /// button pulls it low), "release PIN" -> "ok" (back to its pull). accessory-sim board uses it.
    /// </summary>
    public sealed class PinBus : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Dictionary<int, bool> _levels = new Dictionary<int, bool>();
        private readonly Dictionary<int, bool> _pulls = new Dictionary<int, bool>();
        private readonly Dictionary<int, bool> _driven = new Dictionary<int, bool>();
        private readonly string _socketPath;
        private Socket? _listener;

        public PinBus(string socketPath)
        {
            _socketPath = socketPath;
        }

        /// <summary>Raised with (pin, new level) when an external drive changes an input's level.</summary>
        public event Action<int, bool>? ExternalChange;

        public string SocketPath => _socketPath;

        public bool Read(int pin)
        {
            lock (_gate)
            {
                if (_driven.TryGetValue(pin, out bool driven))
                {
                    return driven;
                }

                if (_levels.TryGetValue(pin, out bool level))
                {
                    return level;
                }

                return _pulls.TryGetValue(pin, out bool pull) && pull;
            }
        }

        /// <summary>The firmware writes an output.</summary>
        public void Write(int pin, bool high)
        {
            lock (_gate)
            {
                _levels[pin] = high;
            }
        }

        /// <summary>The firmware configures an input's pull (true: pulled up).</summary>
        public void SetPull(int pin, bool up)
        {
            lock (_gate)
            {
                _pulls[pin] = up;
                _levels.Remove(pin);
            }
        }

        /// <summary>Something outside sets the level of a pin (null: lets go, the pull decides).</summary>
        public void Drive(int pin, bool? level)
        {
            bool before = Read(pin);
            lock (_gate)
            {
                if (level == null)
                {
                    _driven.Remove(pin);
                }
                else
                {
                    _driven[pin] = level.Value;
                }
            }

            bool after = Read(pin);
            if (before != after)
            {
                ExternalChange?.Invoke(pin, after);
            }
        }

        /// <summary>Starts the control socket; a stale socket file from a previous boot is replaced.</summary>
        public void Serve()
        {
            lock (_gate)
            {
                if (_listener != null)
                {
                    return;
                }

                if (File.Exists(_socketPath))
                {
                    File.Delete(_socketPath);
                }

                var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(_socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                listener.Listen(4);
                _listener = listener;
            }

            var thread = new Thread(AcceptLoop) { IsBackground = true, Name = "gpio-control" };
            thread.Start();
        }

        /// <summary>Stops the control socket and removes its file, so a client is told nothing runs here.</summary>
        public void Dispose()
        {
            Socket? listener;
            lock (_gate)
            {
                listener = _listener;
                _listener = null;
            }

            if (listener == null)
            {
                return;
            }

            listener.Dispose();
            if (File.Exists(_socketPath))
            {
                File.Delete(_socketPath);
            }
        }

        private void AcceptLoop()
        {
            Socket? listener = _listener;
            while (listener != null)
            {
                Socket client;
                try
                {
                    client = listener.Accept();
                }
                catch (SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                using (client)
                using (var stream = new NetworkStream(client))
                using (var reader = new StreamReader(stream, Encoding.ASCII))
                using (var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" })
                {
                    try
                    {
                        writer.WriteLine(Answer(reader.ReadLine() ?? string.Empty));
                    }
                    catch (IOException)
                    {
                        // The client went away before reading its answer.
                    }
                }
            }
        }

        private string Answer(string line)
        {
            var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || !int.TryParse(words[1], out int pin) || pin < 0 || pin > 48)
            {
                return "error: expected 'read PIN', 'drive PIN high|low' or 'release PIN' with PIN 0..48";
            }

            switch (words[0])
            {
                case "read":
                    return Read(pin) ? "high" : "low";
                case "drive" when words.Length == 3 && (words[2] == "high" || words[2] == "low"):
                    Drive(pin, words[2] == "high");
                    return "ok";
                case "release":
                    Drive(pin, null);
                    return "ok";
                default:
                    return "error: unknown command '" + line.Trim() + "'";
            }
        }
    }
}
