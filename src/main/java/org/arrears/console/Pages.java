package org.arrears.console;

import java.util.List;

/** The console's pages, in the order of the navigation bar. A new page is one line here. */
public final class Pages {

    private Pages() {
    }

    public static List<Page> all() {
        return List.of(new WorklistPage(), new DebtorPage(), new MessagePage(), new CampaignPage(), new PaymentsPage(),
                new DashboardPage(), new ReportsPage());
    }
}
