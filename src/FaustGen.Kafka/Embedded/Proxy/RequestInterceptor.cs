using Microsoft.Extensions.Logging;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// Decides, without sockets, what a proxy does with each request frame: the requests transactions change go to their
/// handler, which answers them, rewrites them or reads their responses; the rest pass on unread. A frame the proxy
/// cannot read (truncated, garbage, or a version past what it reads) is logged and passed on unchanged: the broker
/// judges it, and only the semantics the proxy adds are lost for it.
/// </summary>
internal sealed class RequestInterceptor
{
    private readonly ILogger logger;
    private readonly ProduceHandler produce;
    private readonly ReadCommittedHandler readCommitted;
    private readonly OffsetFetchHandler offsetFetch;
    private readonly OffsetCommitHandler offsetCommit;
    private readonly TxnOffsetCommitHandler txnOffsetCommit;
    private readonly TransactionCoordinatorHandler coordinator;
    private readonly GroupMembershipHandler membership;

    /// <param name="ledger">The cluster's transactions.</param>
    /// <param name="groups">The cluster's consumer groups.</param>
    /// <param name="abort">Has this proxy's broker abort a transaction it coordinates.</param>
    /// <param name="logger">Where unreadable frames are reported.</param>
    public RequestInterceptor(TransactionLedger ledger, GroupMembership groups, AbortOnBroker abort, ILogger logger)
    {
        this.logger = logger;
        produce = new ProduceHandler(ledger);
        readCommitted = new ReadCommittedHandler(ledger);
        offsetFetch = new OffsetFetchHandler(ledger);
        offsetCommit = new OffsetCommitHandler(ledger);
        txnOffsetCommit = new TxnOffsetCommitHandler(ledger, groups);
        coordinator = new TransactionCoordinatorHandler(ledger, abort);
        membership = new GroupMembershipHandler(groups);
    }

    /// <summary>What becomes of <paramref name="frame"/> (size, header, body).</summary>
    public Interception Read(byte[] frame)
    {
        RequestHeader header;
        WireReader body;
        try
        {
            header = RequestHeader.Read(frame, out body);
        }
        catch (InvalidDataException ex)
        {
            ProxyLog.UnreadableHeader(logger, frame.Length, ex.Message);
            return Interception.PassOn(frame, null);
        }

        if (ProxiedApi.Find(header.ApiKey) is not { } api)
        {
            return Interception.PassOn(frame, header.ClientId);
        }

        if (header.Version > api.MaxVersion)
        {
            ProxyLog.UnexpectedVersion(logger, header.ApiKey, header.Version, api.MaxVersion);
            return Interception.PassOn(frame, header.ClientId);
        }

        Exchange exchange;
        try
        {
            exchange = Dispatch(frame, header, ref body);
        }
        catch (InvalidDataException ex)
        {
            ProxyLog.UnreadableRequest(logger, header.ApiKey, header.Version, frame.Length, ex.Message);
            return Interception.PassOn(frame, header.ClientId);
        }

        return exchange.Answer is { } answer
            ? new Interception(header.ClientId, frame, answer.ToResponse(header.CorrelationId), null)
            : new Interception(header.ClientId, exchange.Rewritten ?? frame, null,
                exchange.OnResponse is { } onResponse ? new PendingResponse(header, onResponse, logger) : null);
    }

    private Exchange Dispatch(byte[] frame, RequestHeader header, ref WireReader body)
    {
        var version = header.Version;
        return header.ApiKey switch
        {
            KafkaApiKey.Produce => produce.Read(version, ref body),
            KafkaApiKey.Fetch => readCommitted.Fetch(version, ref body),
            KafkaApiKey.ListOffsets => readCommitted.ListOffsets(version, ref body),
            KafkaApiKey.OffsetCommit => offsetCommit.Read(version, ref body),
            KafkaApiKey.OffsetFetch => offsetFetch.Read(frame, version, ref body),
            KafkaApiKey.JoinGroup => membership.JoinGroup(version, ref body),
            KafkaApiKey.SyncGroup or KafkaApiKey.Heartbeat => membership.MemberRequest(version, ref body),
            KafkaApiKey.LeaveGroup => membership.LeaveGroup(version, ref body),
            KafkaApiKey.InitProducerId => coordinator.InitProducerId(ref body),
            KafkaApiKey.AddPartitionsToTxn => coordinator.AddPartitionsToTxn(ref body),
            KafkaApiKey.AddOffsetsToTxn => coordinator.AddOffsetsToTxn(ref body),
            KafkaApiKey.EndTxn => coordinator.EndTxn(ref body),
            KafkaApiKey.TxnOffsetCommit => txnOffsetCommit.Read(version, ref body),
            _ => Exchange.PassOn,
        };
    }
}
