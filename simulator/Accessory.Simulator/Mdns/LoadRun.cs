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
    private readonly long[] _sentUnixNs;
    private readonly double[] _arrivalLatency;
    private volatile bool _stopping;
    private int _answered;
    private int _stray;

    public LoadRun(int count)
    {
        _sentAt = new double[count];
        _latency = new double[count];
        _sentUnixNs = new long[count];
        _arrivalLatency = new double[count];
        Array.Fill(_sentAt, double.NaN);
        Array.Fill(_latency, double.NaN);
        Array.Fill(_arrivalLatency, double.NaN);
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

    public void MarkSent(int index, double at, long unixNs)
    {
        lock (_gate)
        {
            _sentAt[index] = at;
            _sentUnixNs[index] = unixNs;
        }
    }

    /// <summary>Ends <see cref="Receive"/> within its socket's receive timeout; the socket is closed after.</summary>
    public void StopReceiving() => _stopping = true;

    public void Receive(Socket socket, Stopwatch clock)
    {
        var buffer = new byte[9000];
        bool stamped = KernelArrivalReceiver.Enable(socket);
        EndPoint from = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            long arrival = 0;
            if (stamped)
            {
                length = KernelArrivalReceiver.Receive(socket, buffer, out arrival);
                if (length < 0)
                {
                    // EAGAIN: the receive timeout, to look at the stop flag; anything else (ICMP errors) is no answer.
                    continue;
                }
            }
            else
            {
                try
                {
                    length = socket.ReceiveFrom(buffer, ref from);
                }
                catch (SocketException)
                {
                    // The receive timeout (to look at the stop flag), or e.g. ICMP port unreachable: keep listening.
                    continue;
                }
            }

            Record(MdnsQueryPacket.AnsweredResponseId(buffer.AsSpan(0, length)), clock.Elapsed.TotalMilliseconds, arrival);
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

            var arrivals = new List<double>(_answered);
            foreach (var value in _arrivalLatency)
            {
                if (!double.IsNaN(value))
                {
                    arrivals.Add(value);
                }
            }

            return new MdnsQueryLoadResult(_sentAt.Length, _answered, _stray, elapsedSeconds, latencies.ToArray(), arrivals.ToArray());
        }
    }

    private void Record(int? id, double now, long arrivalUnixNs)
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
            if (arrivalUnixNs != 0)
            {
                _arrivalLatency[index] = (arrivalUnixNs - _sentUnixNs[index]) / 1e6;
            }

            _answered++;
            LastAnswerAt = now;
            Monitor.PulseAll(_gate);
        }
    }
}
