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
    /// <summary>
    /// The board's TCP listener for HTTP (provisioning on port 80) and HTTPS (local API, SslStream with the device
    /// certificate). Everything the client sees is the core's: the parser, the service's answers and refusals
    /// (ProvisioningHttpSessions or LocalApiHttpService, the same classes the simulator's servers use), the
    /// least-recently-used purge decision (ConnectionSlots, as ESP-IDF's httpd with lru_purge_enable) and, after a
    /// 101, the WebSocket loop the answer names. This class only owns sockets: accept, one thread per connection,
    /// and a receive timeout so a silent client cannot hold a slot.
    /// </summary>
    public sealed class TcpHttpServer
    {
        private const int ReceiveTimeoutMilliseconds = 30000;
        private readonly int _port;
        private readonly X509Certificate? _certificate;
        private readonly HttpRequestParser _parser;
        private readonly IHttpService _service;
        private readonly ConnectionSlots _slots;
        private readonly ILog _log;
        private readonly ArrayList _open = new ArrayList();
        private readonly object _gate = new object();
        private Socket? _listener;
        private int _nextId;

        public TcpHttpServer(int port, X509Certificate? certificate, HttpRequestParser parser, IHttpService service, int maxConnections, ILog log)
        {
            _port = port;
            _certificate = certificate;
            _parser = parser;
            _service = service;
            _slots = new ConnectionSlots(maxConnections);
            _log = log;
        }

        public void Start()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, _port));
            listener.Listen(4);
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
                int victim = _slots.Admit(connection.Id);
                for (int i = 0; i < _open.Count && victim >= 0; i++)
                {
                    var other = (OpenConnection)_open[i]!;
                    if (other.Id == victim)
                    {
                        purged = other;
                        _open.RemoveAt(i);
                        break;
                    }
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
                string client = connection.Socket.RemoteEndPoint is IPEndPoint remote ? remote.Address.ToString() : string.Empty;
                var stream = new StreamBytes(OpenStream(connection.Socket), connection.Socket);
                while (true)
                {
                    HttpRequest? request;
                    try
                    {
                        request = _parser.Read(stream);
                    }
                    catch (HttpRequestRefusedException refused)
                    {
                        var answer = _service.Refuse(refused).ToBytes();
                        stream.Write(answer, 0, answer.Length);
                        reason = refused.Message;
                        break;
                    }

                    if (request == null)
                    {
                        break;
                    }

                    _slots.Touch(connection.Id);
                    var response = _service.Handle(connection.Id, client, request);
                    if (response == null)
                    {
                        reason = "handler failed; closed without a response";
                        break;
                    }

                    var bytes = response.ToBytes();
                    stream.Write(bytes, 0, bytes.Length);
                    if (response.Upgrade != null)
                    {
                        connection.Socket.ReceiveTimeout = response.Upgrade.IdleTimeoutMilliseconds;
                        response.Upgrade.Run(stream);
                        reason = "upgraded connection ended";
                        break;
                    }

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

                _slots.Remove(connection.Id);
                connection.Socket.Close();
                _service.Closed(connection.Id);
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
            }

            public int Id { get; }

            public Socket Socket { get; }
        }

        // The core's view of a connection: the plain or TLS stream for bytes, the socket for closing.
        private sealed class StreamBytes : IByteChannel
        {
            private readonly Stream _stream;
            private readonly Socket _socket;

            public StreamBytes(Stream stream, Socket socket)
            {
                _stream = stream;
                _socket = socket;
            }

            public int Read(byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);

            // SslStream.DataAvailable counts the plaintext mbedTLS already holds; the socket's poll sees new bytes and a close.
            public bool WaitReadable(int milliseconds) =>
                (_stream is NetworkStream network && network.DataAvailable) || _socket.Poll(milliseconds * 1000, SelectMode.SelectRead);

            public void Write(byte[] buffer, int offset, int count)
            {
                _stream.Write(buffer, offset, count);
                _stream.Flush();
            }

            public void Close()
            {
                _stream.Close();
                _socket.Close();
            }
        }
    }
}
