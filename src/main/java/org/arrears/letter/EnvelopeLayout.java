package org.arrears.letter;

/**
 * Where a window envelope's window falls on the letter's first page, in millimetres from the page's top-left
 * corner. The address field holds the return line (if the layout has one) and the recipient's name and postal
 * address, nothing else (COMPLIANCE R14): everything about the debt stays outside this rectangle.
 */
public enum EnvelopeLayout {

    /**
     * DIN 5008 form B on A4, for a C5/6 or DL window envelope: an 85 × 45 mm address field 20 mm from the left and
     * 45 mm from the top, whose first 5 mm hold the return-address line.
     */
    DIN_5008_B("A4", 210, 297, 20, 45, 85, 45, 5),

    /**
     * US Letter folded in three into a #10 window envelope (4 1/8 × 9 1/2 in) whose window is 4 1/2 × 1 1/8 in,
     * 7/8 in from the left and 1/2 in from the bottom of the envelope: with the folded letter resting on the
     * envelope's bottom, the window's top edge lies 2.042 in below the top of the page. The field is kept to
     * 3 1/2 in from 7/8 in so that a letter shifting sideways by the envelope's 1 in of play still shows every
     * line. The return address is on the envelope, not in the window.
     */
    US_10("letter", 215.9, 279.4, 22.225, 51.867, 88.9, 28.575, 0);

    private final String cssPageSize;
    private final double pageWidthMm;
    private final double pageHeightMm;
    private final double leftMm;
    private final double topMm;
    private final double widthMm;
    private final double heightMm;
    private final double returnLineMm;

    EnvelopeLayout(String cssPageSize, double pageWidthMm, double pageHeightMm, double leftMm, double topMm,
                   double widthMm, double heightMm, double returnLineMm) {
        this.cssPageSize = cssPageSize;
        this.pageWidthMm = pageWidthMm;
        this.pageHeightMm = pageHeightMm;
        this.leftMm = leftMm;
        this.topMm = topMm;
        this.widthMm = widthMm;
        this.heightMm = heightMm;
        this.returnLineMm = returnLineMm;
    }

    /** The CSS {@code @page size} keyword. */
    public String cssPageSize() {
        return cssPageSize;
    }

    public double pageWidthMm() {
        return pageWidthMm;
    }

    public double pageHeightMm() {
        return pageHeightMm;
    }

    public double leftMm() {
        return leftMm;
    }

    public double topMm() {
        return topMm;
    }

    public double widthMm() {
        return widthMm;
    }

    public double heightMm() {
        return heightMm;
    }

    /** The height of the return-address line at the top of the field; 0 when the layout has none. */
    public double returnLineMm() {
        return returnLineMm;
    }

    public boolean hasReturnLine() {
        return returnLineMm > 0;
    }

    /** The layout for a setting's value: {@code din-5008-b} or {@code us-10}; the message names what is accepted. */
    public static EnvelopeLayout parse(String value) {
        for (EnvelopeLayout l : values()) {
            if (l.name().replace('_', '-').equalsIgnoreCase(value == null ? "" : value.strip())) {
                return l;
            }
        }
        throw new IllegalArgumentException("envelope layout '" + value + "' is not known: use din-5008-b or us-10");
    }
}
