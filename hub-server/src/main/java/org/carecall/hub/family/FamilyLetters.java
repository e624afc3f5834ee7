package org.carecall.hub.family;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;
import org.carecall.hub.community.Resident;

/**
 * The words of each message, in the contact's language (Chinese unless she chose English). Every letter is
 * made from names, times and counts only: never her health notes, medicines, mobility, a visit's domains
 * or notes, her address or her own phone. Each ends with whom to call back.
 */
final class FamilyLetters {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter EN_DAY = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
    private static final DateTimeFormatter EN_MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    /** One letter: its subject and text. */
    record Letter(String subject, String body) {
    }

    /** Who writes (a member of staff, or the grid worker for what the hub sends by itself), her phone, the community. */
    record Signed(String name, String phone, String community) {
        boolean hasPhone() {
            return phone != null && !phone.isBlank();
        }
    }

    private FamilyLetters() {
    }

    static boolean english(Resident.Contact contact) {
        return "en".equals(contact.language());
    }

    /** A short update (近况) in a worker's own words. */
    static Letter update(Resident.Contact contact, Resident resident, String text, Signed from) {
        if (english(contact)) {
            return new Letter("News of " + latin(resident), greeting(contact) + from.name() + " of " + from.community()
                    + " sends news of " + latin(resident) + ":\n\n" + text + "\n\n" + callBack(contact, from));
        }
        return new Letter(resident.name() + "的近况", greeting(contact) + from.community() + "的" + from.name() + "告诉您"
                + resident.name() + "的近况：\n\n" + text + "\n\n" + callBack(contact, from));
    }

    /** Her 平安 check-in did not come by her deadline, and hours later nobody has closed the day. */
    static Letter missedCheckIn(Resident.Contact contact, Resident resident, ZonedDateTime deadline, Signed from) {
        String time = HH_MM.format(deadline);
        if (english(contact)) {
            return new Letter(latin(resident) + " has not checked in today", greeting(contact) + latin(resident)
                    + " has not pressed her daily check-in key by " + time + " today (" + EN_DAY.format(deadline)
                    + "). The community is trying to reach her.\n\nIf you have spoken to her today, please tell us.\n"
                    + gridWorker(contact, from) + footer(contact, from));
        }
        return new Letter(resident.name() + "今天还没有报平安", greeting(contact) + resident.name() + "今天（"
                + deadline.getMonthValue() + "月" + deadline.getDayOfMonth() + "日）" + time
                + " 前没有按键报平安，社区工作人员正在联系她。\n\n如果您今天和她通过话，请告诉我们。\n" + gridWorker(contact, from)
                + footer(contact, from));
    }

    /** Last month in figures: check-ins kept and missed, the visits that found her, her requests. */
    static Letter monthly(Resident.Contact contact, Resident resident, MonthFigures month, Signed from) {
        YearMonth ym = month.month();
        if (english(contact)) {
            String visits = month.visits().isEmpty() ? "none"
                    : month.visits().size() + " (" + month.visits().stream().map(EN_DAY::format)
                    .collect(Collectors.joining(", ")) + ")";
            return new Letter(latin(resident) + " in " + EN_MONTH.format(ym), greeting(contact) + "How "
                    + latin(resident) + " was in " + EN_MONTH.format(ym) + ":\n\n"
                    + "- Daily check-in: " + month.checkInsKept() + " days checked in, " + month.checkInsMissed()
                    + " missed\n- Visits that found her: " + visits + "\n- Requests (work orders): "
                    + month.ordersOpened() + " opened, " + month.ordersDone() + " done\n\n"
                    + gridWorker(contact, from) + footer(contact, from));
        }
        String visits = month.visits().isEmpty() ? "无"
                : month.visits().size() + " 次（" + month.visits().stream().map(FamilyLetters::chineseDay)
                .collect(Collectors.joining("、")) + "）";
        return new Letter(resident.name() + " " + ym.getYear() + "年" + ym.getMonthValue() + "月的情况",
                greeting(contact) + resident.name() + "在" + ym.getYear() + "年" + ym.getMonthValue() + "月的情况：\n\n"
                        + "· 每日报平安：按时 " + month.checkInsKept() + " 天，未报 " + month.checkInsMissed() + " 天\n"
                        + "· 上门探访（见到本人）：" + visits + "\n"
                        + "· 服务需求（工单）：新提出 " + month.ordersOpened() + " 件，已完成 " + month.ordersDone() + " 件\n\n"
                        + gridWorker(contact, from) + footer(contact, from));
    }

    /** Her call was taken and closed by the community: when she called, who took it, when it was closed. */
    static Letter callResolved(Resident.Contact contact, Resident resident, ZonedDateTime raisedAt,
                               ZonedDateTime resolvedAt, String takenBy, Signed from) {
        if (english(contact)) {
            return new Letter(latin(resident) + "'s call was answered", greeting(contact) + latin(resident)
                    + " called for help at " + HH_MM.format(raisedAt) + " on " + EN_DAY.format(raisedAt) + ". "
                    + (takenBy == null ? "The community" : takenBy + " of " + from.community())
                    + " answered, and the call was closed at " + HH_MM.format(resolvedAt) + ".\n\n"
                    + callBack(contact, from));
        }
        return new Letter(resident.name() + "的呼叫已处理", greeting(contact) + resident.name() + "在"
                + raisedAt.getMonthValue() + "月" + raisedAt.getDayOfMonth() + "日 " + HH_MM.format(raisedAt)
                + " 发出了呼叫，" + (takenBy == null ? "社区" : from.community() + "的" + takenBy) + "已经处理，"
                + HH_MM.format(resolvedAt) + " 结束。\n\n" + callBack(contact, from));
    }

    private static String greeting(Resident.Contact contact) {
        return english(contact) ? "Dear " + contact.name() + ",\n\n" : contact.name() + "您好：\n\n";
    }

    private static String callBack(Resident.Contact contact, Signed from) {
        if (english(contact)) {
            return (from.hasPhone() ? "To talk to us, call " + from.phone() + ".\n" : "") + footer(contact, from);
        }
        return (from.hasPhone() ? "如有问题，请致电 " + from.phone() + "。\n" : "") + footer(contact, from);
    }

    private static String footer(Resident.Contact contact, Signed from) {
        return english(contact) ? "\n-- CareCall, " + from.community() + "\n" : "\n—— " + from.community() + " CareCall\n";
    }

    private static String gridWorker(Resident.Contact contact, Signed from) {
        if (from.name() == null) {
            return ""; // no grid worker named for her grid: the community signs
        }
        if (english(contact)) {
            return "Her grid worker is " + from.name() + (from.hasPhone() ? ", phone " + from.phone() : "") + ".\n";
        }
        return "她的网格员是 " + from.name() + (from.hasPhone() ? "，电话 " + from.phone() : "") + "。\n";
    }

    private static String chineseDay(LocalDate day) {
        return day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
    }

    static String latin(Resident resident) {
        return resident.nameLatin() == null || resident.nameLatin().isBlank() ? resident.name() : resident.nameLatin();
    }
}
