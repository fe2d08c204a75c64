using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Mdns;

/// <summary>Book-keeping of one <see cref="MdnsQueryLoad"/> run, shared by the sending and receiving threads.</summary>
internal sealed class LoadRun
{
    private readonly object _gate = new();
    private readonly double[] _sentAt;
    private readonly double[] _latency;
    private int _answered;
    private int _stray;

    public LoadRun(int count)
    {
        _sentAt = new double[count];
        _latency = new double[count];
        Array.Fill(_sentAt, double.NaN);
        Array.Fill(_latency, double.NaN);
    }

    public double LastAnswerAt { get; private set; }

    public bool AllAnswered
    {
        get
        {
            lock (_gate)
            {
                return _answered == _sentAt.Length;
            }
        }
    }

    public void MarkSent(int index, double at)
    {
        lock (_gate)
        {
            _sentAt[index] = at;
        }
    }

    public void Receive(Socket socket, Stopwatch clock)
    {
        var buffer = new byte[9000];
        EndPoint from = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.Interrupted or SocketError.OperationAborted or SocketError.Shutdown or SocketError.NotSocket)
            {
                return;
            }
            catch (SocketException)
            {
                // e.g. ICMP port unreachable from a host without a responder: not an answer, keep listening.
                continue;
            }

            Record(MdnsQueryPacket.AnsweredResponseId(buffer.AsSpan(0, length)), clock.Elapsed.TotalMilliseconds);
        }
    }

    public void WaitForAllOrTimeout(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        lock (_gate)
        {
            while (_answered < _sentAt.Length)
            {
                var left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return;
                }

                Monitor.Wait(_gate, left);
            }
        }
    }

    public MdnsQueryLoadResult Result(double elapsedSeconds)
    {
        lock (_gate)
        {
            var latencies = new List<double>(_answered);
            foreach (var value in _latency)
            {
                if (!double.IsNaN(value))
                {
                    latencies.Add(value);
                }
            }

            return new MdnsQueryLoadResult(_sentAt.Length, _answered, _stray, elapsedSeconds, latencies.ToArray());
        }
    }

    private void Record(int? id, double now)
    {
        lock (_gate)
        {
            int index = id.HasValue ? id.Value - 1 : -1;
            if (index < 0 || index >= _sentAt.Length || double.IsNaN(_sentAt[index]) || !double.IsNaN(_latency[index]))
            {
                _stray++;
                return;
            }

            _latency[index] = now - _sentAt[index];
            _answered++;
            LastAnswerAt = now;
            Monitor.PulseAll(_gate);
        }
    }
}
