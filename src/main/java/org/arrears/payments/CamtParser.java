package org.arrears.payments;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming (StAX) reader of ISO 20022 camt.052, camt.053 and camt.054 messages, all schema versions (001.01 to
 * 001.12 share the element names this reader relies on; where versions differ, such as {@code Dbtr/Nm} against
 * {@code Dbtr/Pty/Nm}, {@code Sts} against {@code Sts/Cd}, {@code TxDtls/Amt} against
 * {@code AmtDtls/TxAmt/Amt}, {@code BookgDt/Dt} against {@code BookgDt/DtTm}, all forms are read).
 *
 * <p>One statement per {@code Stmt}, {@code Rpt} or {@code Ntfctn}. An entry ({@code Ntry}) with several
 * transaction details ({@code TxDtls}) becomes one normalized entry per detail when the details carry amounts in
 * the entry's currency that add up to the booked amount; otherwise (no details, one detail, or details whose
 * amounts are missing or in another currency) the entry is reported once at its booked amount with the first
 * detail's references. Very large batches are streamed; their detail amounts must then add up or the file is
 * rejected.
 *
 * <p>DTDs are refused outright: a file with a DOCTYPE declaration is rejected before any element is read, so
 * external entities and entity expansion are impossible. Nesting deeper than {@link #MAX_DEPTH} and element text
 * longer than {@link #MAX_TEXT} are refused as they are read (text is not coalesced, so the reader never holds a
 * long text whole), which keeps memory bounded whatever the file holds.
 */
final class CamtParser {

    /** Transaction details of one entry held in memory before the entry is split or kept whole. */
    static final int SPLIT_BUFFER = 1000;
    /**
     * Deepest element nesting read. The camt schemas nest about 15 levels (supplementary data a few more); a file
     * nested deeper is hostile or broken, and is refused before its element stack costs memory.
     */
    static final int MAX_DEPTH = 64;
    /** Longest text of one element: the longest camt text type is 2,048 characters (Max2048Text). */
    static final int MAX_TEXT = 64 * 1024;

    private final String fileName;
    private final boolean reconcile;
    private final PaymentFileHandler handler;

    private BankFormat format;

    // element stack
    private final List<Frame> frames = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    // current statement, entry, transaction detail, balance (null when outside)
    private Stmt stmt;
    private Ntry ntry;
    private Tx tx;
    private Bal bal;
    private int stmtDepth = -1;
    private int ntryDepth = -1;
    private int txDepth = -1;
    private int balDepth = -1;

    private String lastDateText;
    private LocalDate lastDate;

    CamtParser(String fileName, boolean reconcile, PaymentFileHandler handler) {
        this.fileName = fileName;
        this.reconcile = reconcile;
        this.handler = handler;
    }

    private static final class Frame {
        final String name;
        final int index;
        // children seen so far by name, for the element's position in error paths: a few names per element, so
        // parallel arrays searched in order cost less than a map per element
        String[] childNames;
        int[] childCounts;
        int childKinds;
        boolean hadChild;
        String ccy;

        Frame(String name, int index) {
            this.name = name;
            this.index = index;
        }

        /** Counts a child named {@code child}; returns its position among the children of that name. */
        int countChild(String child) {
            hadChild = true;
            for (int i = childKinds - 1; i >= 0; i--) {
                if (childNames[i].equals(child)) {
                    return ++childCounts[i];
                }
            }
            if (childNames == null) {
                childNames = new String[4];
                childCounts = new int[4];
            } else if (childKinds == childNames.length) {
                childNames = Arrays.copyOf(childNames, childKinds * 2);
                childCounts = Arrays.copyOf(childCounts, childKinds * 2);
            }
            childNames[childKinds] = child;
            childCounts[childKinds++] = 1;
            return 1;
        }
    }

    private static final class Stmt {
        String account;
        String accountCurrency;
        Integer page;
        Boolean lastPage;
        BigDecimal opening;
        String openingCcy;
        String openingType;
        BigDecimal closing;
        String closingCcy;
        String closingType;
        boolean headerSent;
        String firstEntryCurrency;
        BigDecimal bookedSum = BigDecimal.ZERO;
        boolean mixedCurrencies;
        int entries;
    }

    private static final class Bal {
        String type;
        BigDecimal amount;
        String ccy;
        String cdi;
    }

    private static final class Ntry {
        BigDecimal amount;
        String ccy;
        String cdi;
        boolean reversal;
        String status;
        LocalDate bookingDate;
        LocalDate valueDate;
        String acctSvcrRef;
        final List<Tx> txs = new ArrayList<>();
        int txCount;
        boolean streaming;
        boolean splittable = true;
        BigDecimal streamedSum = BigDecimal.ZERO;
        /** The entry's own elements are the frames up to here: its path is worked out only for an error. */
        int depth;
    }

    private static final class Tx {
        int seq;
        BigDecimal amount;
        String ccy;
        String cdi;
        BigDecimal txAmount;
        String txAmountCcy;
        String endToEndId;
        String acctSvcrRef;
        String debtorName;
        String ultimateDebtorName;
        String debtorAccount;
        StringBuilder ustrd;
        String creditorRef;
        String additionalRemittance;
        String referredDocument;
        String returnReason;

        BigDecimal effectiveAmount() {
            return amount != null ? amount : txAmount;
        }

        String effectiveCcy() {
            return amount != null ? ccy : txAmountCcy;
        }
    }

    /**
     * The reader's next event. The JDK's reader fails on some malformed DTDs with a runtime exception of its own (a
     * message it cannot find, {@code MissingResourceException}) instead of an {@link XMLStreamException}: that too is
     * malformed XML.
     */
    private int next(XMLStreamReader r) throws XMLStreamException, BankFileException {
        try {
            return r.next();
        } catch (RuntimeException e) {
            javax.xml.stream.Location at = r.getLocation();
            throw new BankFileException(fileName, at == null ? path() : "line " + at.getLineNumber(),
                    "malformed XML: the XML reader failed (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    BankFormat parse(InputStream in) throws BankFileException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        // text arrives in pieces, each counted against MAX_TEXT: a coalescing reader would hold a huge text whole
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(in);
            while (r.hasNext()) {
                int ev = next(r);
                switch (ev) {
                    case XMLStreamConstants.DTD -> throw error("prolog",
                            "DOCTYPE declaration found; bank files must not contain a DTD (refused to prevent XML"
                                    + " entity expansion and external entity access)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw error(path(),
                            "entity reference '&" + r.getLocalName() + ";' is not allowed");
                    case XMLStreamConstants.START_ELEMENT -> start(r);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (text.length() + r.getTextLength() > MAX_TEXT) {
                            throw error(path(), "text content longer than " + MAX_TEXT + " characters");
                        }
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                    case XMLStreamConstants.END_ELEMENT -> end();
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() != null
                    ? "line " + e.getLocation().getLineNumber() + (frames.isEmpty() ? "" : " (" + path() + ")")
                    : path();
            String msg = e.getMessage() == null ? "malformed XML" : e.getMessage();
            int nl = msg.indexOf("Message: ");
            if (nl >= 0) {
                msg = msg.substring(nl + "Message: ".length());
            }
            if (msg.contains("DOCTYPE") || msg.contains("DTD")) {
                throw new BankFileException(fileName, where,
                        "DOCTYPE/DTD content is not allowed in bank files: " + msg.trim(), e);
            }
            throw new BankFileException(fileName, where, "malformed XML: " + msg.trim(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to do
                }
            }
        }
        if (format == null) {
            throw error("", "no camt message found (empty document)");
        }
        if (!frames.isEmpty()) {
            throw error(path(), "document ends before its elements are closed (truncated file)");
        }
        return format;
    }

    // ------------------------------------------------------------------------------------------------ events

    private void start(XMLStreamReader r) throws BankFileException {
        String name = r.getLocalName();
        if (frames.size() >= MAX_DEPTH) {
            throw error(path(), "elements nested deeper than " + MAX_DEPTH + " levels (no camt message nests this"
                    + " deep)");
        }
        Frame parent = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        Frame f = new Frame(name, parent == null ? 1 : parent.countChild(name));
        frames.add(f);
        text.setLength(0);
        int depth = frames.size();
        if (name.equals("Amt") || name.equals("TtlAmt")) {
            f.ccy = r.getAttributeValue(null, "Ccy");
        }
        if (depth == 1) {
            if (!name.equals("Document")) {
                throw error(path(), "root element is <" + name + ">, not a camt <Document>");
            }
            return;
        }
        if (depth == 2) {
            format = messageFormat(name);
            if (format == null) {
                throw error(path(), "<" + name + "> is not a camt.052, camt.053 or camt.054 message");
            }
            return;
        }
        if (depth == 3) {
            if (name.equals("Stmt") || name.equals("Rpt") || name.equals("Ntfctn")) {
                stmt = new Stmt();
                stmtDepth = depth;
            }
            return;
        }
        if (stmt == null) {
            return;
        }
        if (ntry == null && depth == stmtDepth + 1) {
            if (name.equals("Ntry")) {
                ntry = new Ntry();
                ntryDepth = depth;
                ntry.depth = depth;
            } else if (name.equals("Bal")) {
                bal = new Bal();
                balDepth = depth;
            }
            return;
        }
        if (ntry != null && tx == null && depth == ntryDepth + 2 && name.equals("TxDtls")
                && frames.get(depth - 2).name.equals("NtryDtls")) {
            tx = new Tx();
            txDepth = depth;
        }
    }

    private void end() throws BankFileException {
        int depth = frames.size();
        Frame f = frames.get(depth - 1);
        try {
            if (!f.hadChild) {
                leaf(f, text.toString().trim(), depth);
            }
            if (depth == txDepth) {
                finishTx();
            } else if (depth == ntryDepth) {
                finishNtry();
            } else if (depth == balDepth) {
                finishBal();
            } else if (depth == stmtDepth) {
                finishStmt();
            }
        } finally {
            frames.remove(depth - 1);
            text.setLength(0);
        }
    }

    private void leaf(Frame f, String value, int depth) throws BankFileException {
        if (tx != null) {
            txLeaf(f, rel(txDepth, depth), value);
        } else if (ntry != null) {
            ntryLeaf(f, rel(ntryDepth, depth), value);
        } else if (bal != null) {
            balLeaf(f, rel(balDepth, depth), value);
        } else if (stmt != null) {
            stmtLeaf(rel(stmtDepth, depth), value);
        }
    }

    private String rel(int baseDepth, int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = baseDepth; i < depth; i++) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(frames.get(i).name);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ leaves

    private void stmtLeaf(String rel, String v) throws BankFileException {
        switch (rel) {
            case "Acct/Id/IBAN", "Acct/Id/Othr/Id", "Acct/Id/PrtryAcct/Id", "Acct/Id/BBAN", "Acct/Id/UPIC" -> {
                if (stmt.account == null && !v.isEmpty()) {
                    stmt.account = v;
                }
            }
            case "Acct/Ccy" -> stmt.accountCurrency = currency(v);
            case "StmtPgntn/PgNb", "RptPgntn/PgNb", "NtfctnPgntn/PgNb" -> {
                try {
                    stmt.page = Integer.valueOf(v);
                } catch (NumberFormatException e) {
                    throw error(path(), "page number '" + v + "' is not a number");
                }
            }
            case "StmtPgntn/LastPgInd", "RptPgntn/LastPgInd", "NtfctnPgntn/LastPgInd" -> stmt.lastPage = bool(v);
            default -> {
            }
        }
    }

    private void balLeaf(Frame f, String rel, String v) throws BankFileException {
        switch (rel) {
            case "Tp/CdOrPrtry/Cd", "Tp/Cd" -> bal.type = v;
            case "Amt" -> {
                bal.ccy = currency(f.ccy);
                bal.amount = amount(v, bal.ccy);
            }
            case "CdtDbtInd" -> bal.cdi = cdi(v);
            default -> {
            }
        }
    }

    private void ntryLeaf(Frame f, String rel, String v) throws BankFileException {
        switch (rel) {
            case "Amt" -> {
                ntry.ccy = currency(f.ccy);
                if (ntry.ccy == null) {
                    throw error(path(), "amount has no Ccy attribute");
                }
                ntry.amount = amount(v, ntry.ccy);
            }
            case "CdtDbtInd" -> ntry.cdi = cdi(v);
            case "RvslInd" -> ntry.reversal = bool(v);
            case "Sts", "Sts/Cd", "Sts/Prtry" -> ntry.status = v;
            case "BookgDt/Dt", "BookgDt/DtTm" -> ntry.bookingDate = date(v);
            case "ValDt/Dt", "ValDt/DtTm" -> ntry.valueDate = date(v);
            case "AcctSvcrRef" -> ntry.acctSvcrRef = emptyToNull(v);
            default -> {
            }
        }
    }

    private void txLeaf(Frame f, String rel, String v) throws BankFileException {
        switch (rel) {
            case "Refs/EndToEndId" -> tx.endToEndId = emptyToNull(v);
            case "Refs/AcctSvcrRef" -> tx.acctSvcrRef = emptyToNull(v);
            case "Amt" -> {
                tx.ccy = currency(f.ccy);
                tx.amount = amount(v, tx.ccy);
            }
            case "CdtDbtInd" -> tx.cdi = cdi(v);
            case "AmtDtls/TxAmt/Amt" -> {
                tx.txAmountCcy = currency(f.ccy);
                tx.txAmount = amount(v, tx.txAmountCcy);
            }
            case "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm" -> {
                if (tx.debtorName == null) {
                    tx.debtorName = emptyToNull(v);
                }
            }
            case "RltdPties/UltmtDbtr/Nm", "RltdPties/UltmtDbtr/Pty/Nm" -> {
                if (tx.ultimateDebtorName == null) {
                    tx.ultimateDebtorName = emptyToNull(v);
                }
            }
            case "RltdPties/DbtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/Othr/Id", "RltdPties/DbtrAcct/Id/PrtryAcct/Id",
                    "RltdPties/DbtrAcct/Id/BBAN" -> {
                if (tx.debtorAccount == null) {
                    tx.debtorAccount = emptyToNull(v);
                }
            }
            case "RmtInf/Ustrd" -> {
                if (!v.isEmpty()) {
                    if (tx.ustrd == null) {
                        tx.ustrd = new StringBuilder(v);
                    } else {
                        tx.ustrd.append(' ').append(v);
                    }
                }
            }
            case "RmtInf/Strd/CdtrRefInf/Ref", "RmtInf/Strd/CdtrRefInf/CdtrRef" -> {
                if (tx.creditorRef == null) {
                    tx.creditorRef = emptyToNull(v);
                }
            }
            case "RmtInf/Strd/AddtlRmtInf" -> {
                if (tx.additionalRemittance == null) {
                    tx.additionalRemittance = emptyToNull(v);
                }
            }
            case "RmtInf/Strd/RfrdDocInf/Nb" -> {
                if (tx.referredDocument == null) {
                    tx.referredDocument = emptyToNull(v);
                }
            }
            case "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry", "RtrInf/RtrRsn/Cd", "RtrInf/RtrRsn/Prtry" -> {
                if (tx.returnReason == null) {
                    tx.returnReason = emptyToNull(v);
                }
            }
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ ends

    private void finishBal() throws BankFileException {
        Bal b = bal;
        bal = null;
        balDepth = -1;
        if (b.type == null) {
            return;
        }
        if (b.amount == null) {
            throw error(path(), "balance " + b.type + " has no Amt");
        }
        if (b.cdi == null) {
            throw error(path(), "balance " + b.type + " has no CdtDbtInd");
        }
        BigDecimal signed = "DBIT".equals(b.cdi) ? b.amount.negate() : b.amount;
        switch (b.type) {
            case "OPBD", "PRCD" -> {
                // a statement may carry both; the opening booked balance wins
                if (stmt.opening == null || ("OPBD".equals(b.type) && !"OPBD".equals(stmt.openingType))) {
                    stmt.opening = signed;
                    stmt.openingCcy = b.ccy;
                    stmt.openingType = b.type;
                }
            }
            case "CLBD", "ITBD" -> {
                if (stmt.closing == null || ("CLBD".equals(b.type) && !"CLBD".equals(stmt.closingType))) {
                    stmt.closing = signed;
                    stmt.closingCcy = b.ccy;
                    stmt.closingType = b.type;
                }
            }
            default -> {
            }
        }
    }

    private void finishTx() throws BankFileException {
        Tx t = tx;
        tx = null;
        txDepth = -1;
        Ntry n = ntry;
        n.txCount++;
        t.seq = n.txCount;
        if (n.streaming) {
            emitSplit(n, t);
            return;
        }
        if (n.splittable) {
            BigDecimal a = t.effectiveAmount();
            if (a == null || n.ccy == null || !n.ccy.equals(t.effectiveCcy())) {
                n.splittable = false;
            }
        }
        if (n.txs.size() < SPLIT_BUFFER) {
            n.txs.add(t);
            return;
        }
        // the batch is too large to hold: stream it
        if (n.splittable) {
            n.streaming = true;
            checkEntryHead(n);
            for (Tx buffered : n.txs) {
                emitSplit(n, buffered);
            }
            n.txs.clear();
            emitSplit(n, t);
        }
        // not splittable: keep only the first detail (already buffered) and count the rest
    }

    private void emitSplit(Ntry n, Tx t) throws BankFileException {
        BigDecimal a = t.effectiveAmount();
        if (a == null || !n.ccy.equals(t.effectiveCcy())) {
            throw error(path(), "transaction detail " + n.txCount + " of a batch of more than " + SPLIT_BUFFER
                    + " has no amount in the entry currency " + n.ccy + "; the batch cannot be itemised");
        }
        String cdi = t.cdi != null ? t.cdi : n.cdi;
        BigDecimal signed = "DBIT".equals(cdi) ? a.negate() : a;
        n.streamedSum = n.streamedSum.add(signed);
        emit(n, t, signed, n.ccy, true);
    }

    private void checkEntryHead(Ntry n) throws BankFileException {
        if (n.amount == null) {
            throw error(path(n.depth), "entry has no Amt");
        }
        if (n.cdi == null) {
            throw error(path(n.depth), "entry has no CdtDbtInd");
        }
    }

    private void finishNtry() throws BankFileException {
        Ntry n = ntry;
        ntry = null;
        ntryDepth = -1;
        checkEntryHead(n);
        BigDecimal signed = "DBIT".equals(n.cdi) ? n.amount.negate() : n.amount;
        if (n.streaming) {
            if (n.streamedSum.compareTo(signed) != 0) {
                throw error(path(n.depth), "the " + n.txCount + " transaction details add up to "
                        + n.streamedSum.toPlainString() + " " + n.ccy + " but the entry amount is "
                        + signed.toPlainString() + " " + n.ccy);
            }
        } else if (n.txs.size() > 1 && n.splittable && splitSum(n).compareTo(signed) == 0) {
            for (Tx t : n.txs) {
                String cdi = t.cdi != null ? t.cdi : n.cdi;
                BigDecimal a = t.effectiveAmount();
                emit(n, t, "DBIT".equals(cdi) ? a.negate() : a, n.ccy, true);
            }
        } else {
            emit(n, n.txs.isEmpty() ? null : n.txs.get(0), signed, n.ccy, false);
        }
        if (n.status == null || n.status.equals("BOOK")) {
            stmt.bookedSum = stmt.bookedSum.add(signed);
        }
    }

    private static BigDecimal splitSum(Ntry n) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Tx t : n.txs) {
            String cdi = t.cdi != null ? t.cdi : n.cdi;
            BigDecimal a = t.effectiveAmount();
            sum = sum.add("DBIT".equals(cdi) ? a.negate() : a);
        }
        return sum;
    }

    /**
     * Hands one entry to the handler. For an itemised batch each detail needs its own bank reference (the poster
     * recognises entries it has seen by it): the detail's AcctSvcrRef, else the entry's followed by "/" and the
     * detail's position in the batch.
     */
    private void emit(Ntry n, Tx t, BigDecimal signedAmount, String ccy, boolean itemised) {
        if (!stmt.headerSent) {
            if (stmt.firstEntryCurrency == null) {
                stmt.firstEntryCurrency = ccy;
            }
            sendHeader();
        }
        if (!ccy.equals(stmt.firstEntryCurrency)) {
            stmt.mixedCurrencies = true;
        }
        stmt.entries++;
        String bankRef = n.acctSvcrRef;
        String e2e = null;
        String payerName = null;
        String payerAccount = null;
        String remittance = null;
        String structured = null;
        String returnReason = null;
        if (t != null) {
            if (itemised) {
                bankRef = t.acctSvcrRef != null ? t.acctSvcrRef
                        : n.acctSvcrRef != null ? n.acctSvcrRef + "/" + t.seq : null;
            } else if (bankRef == null) {
                bankRef = t.acctSvcrRef;
            }
            e2e = t.endToEndId;
            payerName = t.debtorName != null ? t.debtorName : t.ultimateDebtorName;
            payerAccount = t.debtorAccount;
            if (t.ustrd != null) {
                remittance = t.ustrd.toString();
            } else if (t.creditorRef != null) {
                remittance = t.creditorRef;
            } else if (t.additionalRemittance != null) {
                remittance = t.additionalRemittance;
            } else {
                remittance = t.referredDocument;
            }
            structured = t.creditorRef;
            if (structured == null && t.ustrd != null) {
                structured = RfReference.find(t.ustrd.toString());
            }
            returnReason = t.returnReason;
        }
        handler.entry(new PaymentEntry(signedAmount, ccy, n.bookingDate, n.valueDate, bankRef, e2e, payerName,
                payerAccount, remittance, structured, returnReason));
    }

    private void sendHeader() {
        stmt.headerSent = true;
        String ccy = stmt.accountCurrency;
        if (ccy == null) {
            ccy = stmt.openingCcy != null ? stmt.openingCcy
                    : stmt.closingCcy != null ? stmt.closingCcy : stmt.firstEntryCurrency;
        }
        handler.startStatement(new StatementHeader(stmt.account, ccy, stmt.opening));
    }

    private void finishStmt() throws BankFileException {
        Stmt s = stmt;
        if (!s.headerSent) {
            sendHeader();
        }
        if (reconcile && s.opening != null && s.closing != null && "CLBD".equals(s.closingType)
                && s.openingCcy != null && s.openingCcy.equals(s.closingCcy)
                && (s.entries == 0 || (!s.mixedCurrencies && s.openingCcy.equals(s.firstEntryCurrency)))
                && !paginatedPart(s)) {
            BigDecimal expected = s.opening.add(s.bookedSum);
            if (expected.compareTo(s.closing) != 0) {
                throw error(path(), "balances do not reconcile: opening " + s.openingType + " "
                        + s.opening.toPlainString() + " + booked entries " + s.bookedSum.toPlainString() + " = "
                        + expected.toPlainString() + " " + s.openingCcy + ", but closing CLBD is "
                        + s.closing.toPlainString());
            }
        }
        handler.endStatement(new StatementTrailer(s.closing));
        stmt = null;
        stmtDepth = -1;
    }

    /** A page of a statement split over several messages: its balances need not match its own entries. */
    private static boolean paginatedPart(Stmt s) {
        if (s.page == null && s.lastPage == null) {
            return false;
        }
        return !(Integer.valueOf(1).equals(s.page) && Boolean.TRUE.equals(s.lastPage));
    }

    // ------------------------------------------------------------------------------------------------ values

    private static BankFormat messageFormat(String name) {
        if (name.startsWith("BkToCstmrStmt")) {
            return BankFormat.CAMT_053;
        }
        if (name.startsWith("BkToCstmrAcctRpt")) {
            return BankFormat.CAMT_052;
        }
        if (name.startsWith("BkToCstmrDbtCdtNtfctn")) {
            return BankFormat.CAMT_054;
        }
        return null;
    }

    private BigDecimal amount(String v, String ccy) throws BankFileException {
        if (!isDecimal(v)) {
            throw error(path(), "invalid amount '" + v + "'");
        }
        BigDecimal a = new BigDecimal(v);
        String problem = Money.problem(a, ccy);
        if (problem != null) {
            throw error(path(), problem);
        }
        return a;
    }

    /** Digits with at most one decimal point that has digits after it ({@code 12}, {@code 12.5}, {@code .5}). */
    private static boolean isDecimal(String v) {
        int n = v.length();
        int point = -1;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c == '.' && point < 0) {
                point = i;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return n > 0 && point != n - 1;
    }

    private String currency(String v) throws BankFileException {
        if (v == null) {
            return null;
        }
        String c = v.trim();
        if (c.length() != 3) {
            throw error(path(), "invalid currency code '" + v + "'");
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isLetter(c.charAt(i))) {
                throw error(path(), "invalid currency code '" + v + "'");
            }
        }
        return c;
    }

    private String cdi(String v) throws BankFileException {
        if (!v.equals("CRDT") && !v.equals("DBIT")) {
            throw error(path(), "credit/debit indicator must be CRDT or DBIT, not '" + v + "'");
        }
        return v;
    }

    private boolean bool(String v) throws BankFileException {
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("0")) {
            return false;
        }
        throw error(path(), "invalid boolean '" + v + "'");
    }

    private LocalDate date(String v) throws BankFileException {
        if (v.length() < 10) {
            throw error(path(), "invalid date '" + v + "'");
        }
        // a file's entries share a handful of dates: parse each once
        if (lastDate != null && v.regionMatches(0, lastDateText, 0, 10)) {
            return lastDate;
        }
        try {
            LocalDate d = LocalDate.parse(v.substring(0, 10));
            lastDateText = v.substring(0, 10);
            lastDate = d;
            return d;
        } catch (DateTimeParseException e) {
            throw error(path(), "invalid date '" + v + "'");
        }
    }

    private static String emptyToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    private String path() {
        return path(frames.size());
    }

    /** The path of the element open at {@code depth}; past 1,000 characters the rest is left out. */
    private String path(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            Frame f = frames.get(i);
            if (sb.length() > 1000) {
                sb.append("/\u2026 (").append(depth - i).append(" more levels)");
                break;
            }
            sb.append('/').append(f.name);
            if (f.index > 1 || isRepeating(f.name)) {
                sb.append('[').append(f.index).append(']');
            }
        }
        return sb.toString();
    }

    private static boolean isRepeating(String name) {
        return switch (name) {
            case "Stmt", "Rpt", "Ntfctn", "Ntry", "TxDtls", "Bal" -> true;
            default -> false;
        };
    }

    private BankFileException error(String location, String problem) {
        return new BankFileException(fileName, location, problem);
    }
}
