package org.arrears.sms.smpp;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.EnquireLink;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

/**
 * An SMSC in the test's JVM on jsmpp's server side: it accepts binds (recording them), answers submit_sm with ids
 * m1, m2 ... or with the status {@link #answer} gives, records every submit_sm and enquire_link, can hold its
 * answers until the test releases them, and sends deliver_sm (receipts and replies) to the bound client.
 */
final class TestSmsc implements AutoCloseable {

    final List<SubmitSm> submits = new CopyOnWriteArrayList<>();
    final List<BindRequest> binds = new CopyOnWriteArrayList<>();
    final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    final AtomicInteger enquireLinks = new AtomicInteger();
    /** submit_sm being answered right now, and the most there were at once. */
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger mostOutstanding = new AtomicInteger();
    /** The command status to answer a submit_sm with (0 = OK). */
    volatile Function<SubmitSm, Integer> answer = s -> 0;
    /** While set, each submit_sm waits for a permit of {@link #release} before it is answered. */
    volatile boolean holding;
    final Semaphore release = new Semaphore(0);

    private final AtomicInteger ids = new AtomicInteger();
    private final int port;
    private volatile SMPPServerSessionListener listener;
    private volatile Thread acceptor;

    private TestSmsc(int port) {
        this.port = port;
    }

    static TestSmsc start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestSmsc smsc = new TestSmsc(port);
        smsc.listen();
        return smsc;
    }

    int port() {
        return port;
    }

    /** Listens (again) on the same port. */
    void listen() throws IOException {
        SMPPServerSessionListener l = new SMPPServerSessionListener(port);
        l.setPduProcessorDegree(8);
        l.setMessageReceiverListener(new Receiver());
        listener = l;
        Thread t = new Thread(() -> accept(l), "test-smsc-accept");
        t.setDaemon(true);
        acceptor = t;
        t.start();
    }

    private void accept(SMPPServerSessionListener l) {
        while (true) {
            SMPPServerSession s;
            try {
                s = l.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                BindRequest bind = s.waitForBind(5000);
                binds.add(bind);
                bind.accept("testsmsc");
                sessions.add(s);
            } catch (Exception e) {
                s.close();
            }
        }
    }

    /** The SMSC goes away: it stops listening and drops every session. */
    void stop() throws IOException {
        SMPPServerSessionListener l = listener;
        if (l != null) {
            l.close();
        }
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        sessions.clear();
        release.release(1000);
    }

    @Override
    public void close() throws IOException {
        holding = false;
        stop();
    }

    /** The client session bound last (transceiver), to deliver to. */
    SMPPServerSession session() {
        return sessions.get(sessions.size() - 1);
    }

    /** A delivery receipt as an SMSC sends it, with the receipted_message_id TLV when {@code tlvId} is not null. */
    void deliverReceipt(String text, String tlvId) throws Exception {
        deliverReceiptWith(text, tlvId == null ? new OptionalParameter[0]
                : new OptionalParameter[] {new OptionalParameter.Receipted_message_id(tlvId)});
    }

    /** A delivery receipt with these TLVs. */
    void deliverReceiptWith(String text, OptionalParameter... tlvs) throws Exception {
        session().deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "447911123456",
                TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "Acme",
                new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO,
                text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), tlvs);
    }

    /** A text from a handset. */
    void deliverReply(TypeOfNumber ton, String from, byte dataCoding, byte[] shortMessage) throws Exception {
        deliverReply(ton, from, 0, dataCoding, shortMessage);
    }

    void deliverReply(TypeOfNumber ton, String from, int esmClass, byte dataCoding, byte[] shortMessage) throws Exception {
        session().deliverShortMessage("", ton, NumberingPlanIndicator.ISDN, from, TypeOfNumber.INTERNATIONAL,
                NumberingPlanIndicator.ISDN, "15550100", new ESMClass(esmClass), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                DataCodings.newInstance(dataCoding), shortMessage);
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            int now = outstanding.incrementAndGet();
            mostOutstanding.accumulateAndGet(now, Math::max);
            try {
                submits.add(submitSm);
                if (holding) {
                    try {
                        release.tryAcquire(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int status = answer.apply(submitSm);
                if (status != 0) {
                    throw new ProcessRequestException("refused by the test SMSC", status);
                }
                return new SubmitSmResult(new MessageId("m" + ids.incrementAndGet()), new OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException(e.getMessage(), 0x08);
            } finally {
                outstanding.decrementAndGet();
            }
        }

        @Override
        public void onAcceptEnquireLink(EnquireLink enquireLink, Session source) {
            enquireLinks.incrementAndGet();
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }
    }
}
