using System;
using System.Collections;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Accessory.Core.Http;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Http
{
    /// <summary>Answers one parsed request on a connection; null closes the connection without a response.</summary>
    public delegate HttpResponse? HttpRequestHandler(int connectionId, HttpRequest request);

    /// <summary>Told when a connection has closed.</summary>
    public delegate void HttpConnectionClosed(int connectionId);

    /// <summary>
    /// The board's TCP listener for HTTP (provisioning on port 80) and HTTPS (local API, SslStream with the device
    /// certificate). Request parsing and protocol rules are the core's (Accessory.Core.Http); this class only owns
    /// sockets: accept, one thread per connection, a cap on open connections with least-recently-used purge (as
    /// ESP-IDF's httpd with lru_purge_enable), and a receive timeout so a silent client cannot hold a slot.
    /// The simulator still has its own server; both will share one core server when issue 16 item 2 lands.
    /// </summary>
    public sealed class TcpHttpServer
    {
        private const int ReceiveTimeoutMilliseconds = 30000;
        private readonly int _port;
        private readonly X509Certificate? _certificate;
        private readonly HttpRequestParser _parser;
        private readonly HttpRequestHandler _handler;
        private readonly HttpConnectionClosed? _closed;
        private readonly int _maxConnections;
        private readonly ILog _log;
        private readonly ArrayList _open = new ArrayList();
        private readonly object _gate = new object();
        private Socket? _listener;
        private int _nextId;

        public TcpHttpServer(int port, X509Certificate? certificate, HttpRequestParser parser, HttpRequestHandler handler, HttpConnectionClosed? closed, int maxConnections, ILog log)
        {
            if (maxConnections < 1)
            {
                throw new ArgumentException("at least one connection must be allowed");
            }

            _port = port;
            _certificate = certificate;
            _parser = parser;
            _handler = handler;
            _closed = closed;
            _maxConnections = maxConnections;
            _log = log;
        }

        public void Start()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, _port));
            listener.Listen(_maxConnections);
            _listener = listener;
            new Thread(AcceptLoop).Start();
            _log.Write(LogLevel.Information, "http", "listening on port " + _port + (_certificate != null ? " (TLS)" : string.Empty));
        }

        public void Stop()
        {
            var listener = _listener;
            _listener = null;
            if (listener != null)
            {
                listener.Close();
            }

            object[] open;
            lock (_gate)
            {
                open = _open.ToArray()!;
                _open.Clear();
            }

            foreach (OpenConnection connection in open)
            {
                connection.Socket.Close();
            }
        }

        private void AcceptLoop()
        {
            while (_listener != null)
            {
                Socket socket;
                try
                {
                    var listener = _listener;
                    if (listener == null)
                    {
                        break;
                    }

                    socket = listener.Accept();
                }
                catch (Exception e)
                {
                    // Closed by Stop (the loop ends), or the network went away: retry without spinning the CPU.
                    if (_listener != null)
                    {
                        _log.Write(LogLevel.Warning, "http", "accept on port " + _port + " failed: " + e.Message);
                        Thread.Sleep(1000);
                    }

                    continue;
                }

                var connection = new OpenConnection(Interlocked.Increment(ref _nextId), socket);
                Admit(connection);
                new Thread(() => Serve(connection)).Start();
            }
        }

        private void Admit(OpenConnection connection)
        {
            OpenConnection? purged = null;
            lock (_gate)
            {
                if (_open.Count >= _maxConnections)
                {
                    purged = (OpenConnection)_open[0]!;
                    for (int i = 1; i < _open.Count; i++)
                    {
                        var other = (OpenConnection)_open[i]!;
                        if (other.LastUsed < purged.LastUsed)
                        {
                            purged = other;
                        }
                    }

                    _open.Remove(purged);
                }

                _open.Add(connection);
            }

            if (purged != null)
            {
                _log.Write(LogLevel.Information, "http", "connection " + purged.Id + " purged (least recently used) for " + connection.Id);
                purged.Socket.Close();
            }
        }

        private void Serve(OpenConnection connection)
        {
            string reason = "client closed";
            try
            {
                connection.Socket.ReceiveTimeout = ReceiveTimeoutMilliseconds;
                Stream stream = OpenStream(connection.Socket);
                var source = new StreamByteSource(stream);
                while (true)
                {
                    HttpRequest? request;
                    try
                    {
                        request = _parser.Read(source);
                    }
                    catch (HttpRequestRefusedException refused)
                    {
                        var answer = HttpResponse.Text(refused.Status, refused.Message, true).ToBytes();
                        stream.Write(answer, 0, answer.Length);
                        reason = refused.Message;
                        break;
                    }

                    if (request == null)
                    {
                        break;
                    }

                    connection.LastUsed = DateTime.UtcNow.Ticks;
                    var response = _handler(connection.Id, request);
                    if (response == null)
                    {
                        reason = "handler failed; closed without a response";
                        break;
                    }

                    var bytes = response.ToBytes();
                    stream.Write(bytes, 0, bytes.Length);
                    if (response.Close)
                    {
                        reason = "closed after the response";
                        break;
                    }
                }
            }
            catch (Exception e)
            {
                reason = e.Message;
            }
            finally
            {
                lock (_gate)
                {
                    _open.Remove(connection);
                }

                connection.Socket.Close();
                _closed?.Invoke(connection.Id);
                _log.Write(LogLevel.Debug, "http", "connection " + connection.Id + " closed: " + reason);
            }
        }

        private Stream OpenStream(Socket socket)
        {
            if (_certificate == null)
            {
                return new NetworkStream(socket, false);
            }

            var tls = new SslStream(socket);
            tls.AuthenticateAsServer(_certificate, SslProtocols.Tls12);
            return tls;
        }

        private sealed class OpenConnection
        {
            public OpenConnection(int id, Socket socket)
            {
                Id = id;
                Socket = socket;
                LastUsed = DateTime.UtcNow.Ticks;
            }

            public int Id { get; }

            public Socket Socket { get; }

            public long LastUsed { get; set; }
        }

        private sealed class StreamByteSource : IByteSource
        {
            private readonly Stream _stream;

            public StreamByteSource(Stream stream)
            {
                _stream = stream;
            }

            public int Read(byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);
        }
    }
}
