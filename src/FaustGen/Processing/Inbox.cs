using System.Threading.Channels;

namespace FaustGen.Processing;

/// <summary>Receives the batches of a topic the app routes to it (an agent, or a stream derived by <c>GroupBy</c>/<c>Through</c>).</summary>
internal interface ISubscriber
{
    /// <summary>Takes one reference to <paramref name="batch"/>; the subscriber releases it when done.</summary>
    void Deliver(RecordBatch batch);
}

/// <summary>
/// The queue of batches an agent's actors read. The poll loop is its only writer and never waits on it:
/// back-pressure comes from pausing partitions whose events are not acknowledged fast enough.
/// </summary>
internal sealed class Inbox : ISubscriber
{
    private readonly Channel<RecordBatch> channel;

    public Inbox(bool singleReader)
    {
        channel = Channel.CreateUnbounded<RecordBatch>(new UnboundedChannelOptions
        {
            SingleWriter = true,
            SingleReader = singleReader,
            AllowSynchronousContinuations = false,
        });
    }

    public ChannelReader<RecordBatch> Reader => channel.Reader;

    public void Deliver(RecordBatch batch)
    {
        if (!channel.Writer.TryWrite(batch))
        {
            batch.Release();
        }
    }

    /// <summary>Accepts no more batches and releases those still queued.</summary>
    public void Complete()
    {
        channel.Writer.TryComplete();
        while (channel.Reader.TryRead(out var batch))
        {
            batch.Release();
        }
    }
}
