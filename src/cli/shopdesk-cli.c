/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <locale.h>

#include "sd-cli.h"

static const char usage_text[] =
  N_("Usage: shopdesk-cli [--db PATH] [--user NAME] COMMAND [ARGUMENTS…]\n"
     "\n"
     "The customer database of a ShopDesk shop, from the command line.\n"
     "\n"
     "Every command but init works as a staff account: --user NAME (or $SHOPDESK_USER) with\n"
     "the password from $SHOPDESK_PASSWORD, else asked on the terminal without echo.\n"
     "\n"
     "Commands:\n"
     "  init --shop NAME --owner NAME\n"
     "                     Create a shop with its owner's account (the password from\n"
     "                     $SHOPDESK_PASSWORD, else asked twice). On a shop made before\n"
     "                     accounts existed, init --owner NAME gives it its owner.\n"
     "  passwd             Change your password (the new one from $SHOPDESK_NEW_PASSWORD,\n"
     "                     else asked twice). After a reset, the only command allowed.\n"
     "  import customers|orders FILE [--encoding auto|utf-8|gb18030] [--map COLUMN=FIELD]…\n"
     "                     [--on-error abort|skip] [--platform NAME] [--json]\n"
     "                     Import a CSV file (UTF-8 or GB18030, Taobao reports included)\n"
     "                     or a ShopDesk JSON export.\n"
     "  import chatlog FILE [--encoding auto|utf-8|gb18030] [--json]\n"
     "                     A chat log (时间, 买家, 客服, 方向, 内容) as closed conversations.\n"
     "  export customers [--format csv|json] [-o FILE] [--search TEXT]\n"
     "                     Export customers (CSV in UTF-8 with BOM, opens in Excel and WPS).\n"
     "  customers search QUERY [--limit N] [--sort KEY] [--desc] [--tag TAG] [--province P]\n"
     "                     [--min-spent YUAN] [--max-spent YUAN] [--min-orders N] [--max-orders N]\n"
     "                     [--last-order-after DATE] [--last-order-before DATE] [--json]\n"
     "  customers list     The same as search, without a query.\n"
     "  customers count [QUERY] [filters]\n"
     "  customers show ID [--json]\n"
     "  customers edit ID FIELD=VALUE… [--version N]\n"
     "                     Change a customer's record (name, phone, city, …). Someone's\n"
     "                     save since you read it is kept; the same field changed by both\n"
     "                     is refused, with both values shown.\n"
     "  customers merge KEEP_ID OTHER_ID\n"
     "  customers delete ID\n"
     "  customers note ID TEXT\n"
     "  customers tag ID TAG [--remove]\n"
     "  customers set-tier ID GRADE --reason TEXT\n"
     "                     Pin a customer's tier by hand; it stays through recomputes.\n"
     "  customers unpin ID Take the pin off: the ladder gives the tier again.\n"
     "  staff list|show NAME [--json]\n"
     "  staff add LOGIN --role ROLE [--name DISPLAY_NAME] [--department DEPARTMENT]\n"
     "                     A sub-account (the first password from $SHOPDESK_NEW_PASSWORD,\n"
     "                     else asked twice); it must change the password at first login.\n"
     "  staff disable|enable|reset-password NAME\n"
     "  staff set-role NAME ROLE | set-department NAME DEPARTMENT | set-name NAME DISPLAY_NAME\n"
     "  departments list [--json] | add NAME | rename DEPARTMENT NAME | remove DEPARTMENT\n"
     "  roles list|show ROLE [--json]\n"
     "  roles create NAME [--permissions ID,ID…]\n"
     "  roles grant|revoke ROLE PERMISSION…\n"
     "  roles rename ROLE NAME | delete ROLE\n"
     "  audit list [--since T] [--until T] [--user NAME] [--action ACTION] [--limit N] [--json]\n"
     "                     The audit log, newest first (T: YYYY-MM-DD, YYYY-MM-DD HH:MM or a\n"
     "                     UNIX time).\n"
     "  audit verify       Check the audit log's hash chain.\n"
     "  audit export [-o FILE] [--since T] [--until T] [--user NAME] [--action ACTION]\n"
     "                     The audit log as CSV.\n"
     "  segments create NAME --where EXPR\n"
     "                     Save a segment: the customers a condition selects, e.g.\n"
     "                     --where 'total_spent >= 500 and days_since_last_order <= 90'.\n"
     "  segments list [--json] | count NAME|--where EXPR | show NAME [--limit N] [--json]\n"
     "  segments export NAME [--format csv|json] [-o FILE]\n"
     "  segments rename NAME NEW_NAME | tag NAME TAG [--remove] | delete NAME\n"
     "  tiers show [--json]\n"
     "                     The membership ladder (店铺客户 … 至尊VIP会员), custom tiers, and\n"
     "                     how many customers hold each.\n"
     "  tiers set-grade GRADE [--threshold-amount FEN | --threshold-count N]\n"
     "                     [--discount PERMILLE] [--name NAME] [--enable | --disable]\n"
     "                     Change a grade and recompute every customer's tier.\n"
     "  tiers simulate GRADE [the options of set-grade] [--list up|down] [--json]\n"
     "                     What the change would do, changing nothing: customers per\n"
     "                     grade now and after, who moves, 12 months' discount cost.\n"
     "  tiers recompute [--json] | history CUSTOMER_ID [--json]\n"
     "  tiers rules list [--json] | add NAME --where EXPR [--priority N] [--dry-run]\n"
     "  tiers rules set RULE [--name N] [--where EXPR] [--priority N] [--enable|--disable]\n"
     "                     [--dry-run] | delete RULE [--dry-run]\n"
     "                     Custom tiers beyond the ladder, first matching rule wins.\n"
     "  rfm grid [--json]  Customers by recency and frequency score, and by RFM group.\n"
     "  store connect taobao --url URL --app-key KEY [--sign-method md5|hmac|hmac-sha256]\n"
     "  store connect shopify --url URL [--api-version V]\n"
     "                     Connect the shop's store (secrets from $SHOPDESK_TAOBAO_APP_SECRET,\n"
     "                     $SHOPDESK_TAOBAO_SESSION / $SHOPDESK_SHOPIFY_TOKEN, else asked); they\n"
     "                     are kept in the keyring when one runs, never in the shop file.\n"
     "  store test | status [--json] | interval MINUTES | disconnect\n"
     "  sync [--full] [--settle SECONDS] [--json]\n"
     "                     Bring new and changed orders and their buyers from the store.\n"
     "  campaign create NAME --body TEXT [--audience all|grade:N|segment:NAME|tags:A,B|customers:ID,…]\n"
     "                  [--coupon C] [--field NAME=VALUE] [--holdout N] [--at TIME] [--template-code C]\n"
     "                     A campaign draft: the message with {name}-style placeholders.\n"
     "  campaign estimate|preview ID [--limit N] [--json]\n"
     "                     Who it would reach and who is left out (and why), parts, cost, the\n"
     "                     template's problems; preview shows the first messages.\n"
     "  campaign confirm ID --recipients N\n"
     "                     Freeze the outbox (refused if the audience changed since the estimate).\n"
     "  campaign list [--json] | status|report ID [--json] | cancel ID | delete ID\n"
     "  sms settings [--hours 08:00-20:00] [--cap N/DAYS] [--opt-out TEXT] [--blocked-words FILE]\n"
     "               [--test-phone N] [--price-per-part YUAN] [--json]\n"
     "                     The shop's SMS sending hours, frequency cap, opt-out text and price.\n"
     "  gateway set aliyun --sign-name NAME [--template-code CODE] [--url URL]\n"
     "                     Set the SMS gateway (keys from $SHOPDESK_ALIYUN_ACCESS_KEY_ID and\n"
     "                     $SHOPDESK_ALIYUN_ACCESS_KEY_SECRET, else asked; kept in the keyring).\n"
     "  gateway status [--json] | test [NUMBER] | clear\n"
     "  campaign send ID [--stop-at-window] [--json] | pause ID | resume ID\n"
     "  campaign test ID [NUMBER] | poll ID [--json]\n"
     "                     Send a confirmed campaign (a killed send resumes without sending\n"
     "                     anything twice), a test message, or read its delivery reports.\n"
     "  optouts add NUMBER | import FILE [--json]\n"
     "                     Numbers that refused marketing SMS (replies R/T/TD or a list).\n"
     "  sms count TEXT [--domestic] [--json]\n"
     "                     An SMS's encoding (GSM-7 or UCS-2), length and billable parts.\n"
     "  cases open --type TYPE --customer ID --title TEXT [--order ID] [--conversation ID]\n"
     "             [--note TEXT] [--handler NAME] [--json]\n"
     "                     Open an after-sales case (return_exchange, refund, chase_shipment,\n"
     "                     track_shipment, signed_not_received, lost_damaged, complaint, other).\n"
     "  cases list [--state S,…|open] [--type T] [--handler NAME|--mine] [--customer ID]\n"
     "             [--overdue] [--search TEXT] [--limit N] [--json]\n"
     "                     Overdue first, then by deadline; --search: words of the title or\n"
     "                     the customer's nick or name.\n"
     "  cases show ID [--json] | close ID [--note TEXT]\n"
     "  cases update ID [--state S] [--handler NAME|--unassign] [--title T] [--note TEXT]\n"
     "  cases deadlines [--set TYPE HOURS] [--json]\n"
     "                     Hours to resolve each type; a change applies to new cases only.\n"
     "  quick-replies add TEXT [--shortcut WORD] [--group G] [--scope personal|department|shop]\n"
     "                    [--department D] | list [SEARCH] [--json] | remove ID\n"
     "                     Canned answers with {name}, {nick}, {grade}, {order_id}, {order_status},\n"
     "                     {shop} and {agent} placeholders.\n"
     "  conversations list [--state S] [--agent NAME] [--department D] [--customer ID]\n"
     "                [--since T] [--until T] [--limit N] [--json] | show ID [--json]\n"
     "  conversations assign ID AGENT | transfer ID AGENT [--note TEXT] | close ID\n"
     "  chat connect URL [--token-file F]\n"
     "                     The shop's live chat (ws:// or wss://; the token from F, else\n"
     "                     $SHOPDESK_CHAT_TOKEN, else asked; kept in the keyring when one runs).\n"
     "  chat status [--json] | forget\n"
     "  chat run [--for SECONDS] [--json]\n"
     "                     Store and route the live chat's conversations without a window,\n"
     "                     until the time is up or Ctrl+C; then what it stored.\n"
     "  agents list [--department D] [--json] | status online|paused|offline [--agent LOGIN]\n"
     "  agents set LOGIN [--limit N] [--weight W]   Concurrent limit and routing weight, 1–100.\n"
     "  routing rules [--set FILE] [--json]   Which department new conversations go to.\n"
     "  kpi [--agent A] [--department D] [--from T] [--to T] [--by day|week|month] [--json|--csv]\n"
     "                     Service KPIs (first response, rounds, 答问比, conversion,\n"
     "                     ratings, cases) with the formula of each.\n"
     "  demo --customers N --orders M [--seed S]\n"
     "                     Fill an empty shop with realistic generated data.\n"
     "  check              Verify the database file (integrity and foreign keys).\n"
     "  migrate --to postgresql://USER@HOST/DATABASE [--json]\n"
     "                     Move the shop file into an empty PostgreSQL database (team\n"
     "                     mode), checking every table's rows and checksum on both sides.\n"
     "\n"
     "Options:\n"
     "  --db PATH          The shop database (default: $SHOPDESK_DB, else\n"
     "                     ~/.local/share/shopdesk/shop.db), or a team database's\n"
     "                     postgresql://USER@HOST/DATABASE (made into a shop at the first init)\n"
     "  --user NAME        The staff account to act as (default: $SHOPDESK_USER): the owner's\n"
     "                     name, a sub-account's name, or SHOP:NAME\n"
     "  -h, --help         Show this help; COMMAND --help shows a command's own options\n"
     "  --version          Show the version\n"
     "\n"
     "Exit status: 0 done, 1 failed (the reason is on standard error), 2 bad usage,\n"
     "3 not allowed (not logged in, wrong name or password, account locked or disabled,\n"
     "password change required, or the account lacks the permission).\n");

static const struct
{
  const char *name;
  int (*run) (const SdCliGlobals *globals, int argc, char **argv);
} commands[] = {
  { "init", sd_cli_init },
  { "passwd", sd_cli_passwd },
  { "import", sd_cli_import },
  { "export", sd_cli_export },
  { "customers", sd_cli_customers },
  { "demo", sd_cli_demo },
  { "check", sd_cli_check },
  { "migrate", sd_cli_migrate },
  { "staff", sd_cli_staff },
  { "departments", sd_cli_departments },
  { "roles", sd_cli_roles },
  { "audit", sd_cli_audit },
  { "segments", sd_cli_segments },
  { "tiers", sd_cli_tiers },
  { "rfm", sd_cli_rfm },
  { "store", sd_cli_store },
  { "sync", sd_cli_sync },
  { "gateway", sd_cli_gateway },
  { "optouts", sd_cli_optouts },
  { "sms", sd_cli_sms },
  { "campaign", sd_cli_campaign },
  { "conversations", sd_cli_conversations },
  { "kpi", sd_cli_kpi },
  { "cases", sd_cli_cases },
  { "chat", sd_cli_chat },
  { "quick-replies", sd_cli_quick_replies },
  { "agents", sd_cli_agents },
  { "routing", sd_cli_routing },
};

int
main (int    argc,
      char **argv)
{
  SdCliGlobals globals = { NULL, NULL };
  int i = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SHOPDESK_LOCALEDIR") ? g_getenv ("SHOPDESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options stand before the command. */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        {
          globals.db_path = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        globals.db_path = argv[i++] + strlen ("--db=");
      else if (g_str_equal (argv[i], "--user") && i + 1 < argc)
        {
          globals.user = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--user="))
        globals.user = argv[i++] + strlen ("--user=");
      else if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help"))
        {
          g_print ("%s", _(usage_text));
          return SD_CLI_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("shopdesk-cli %s\n", SHOPDESK_VERSION);
          return SD_CLI_OK;
        }
      else
        return sd_cli_usage (_("Unknown option “%s”."), argv[i]);
    }

  if (i >= argc)
    {
      g_printerr ("%s", _(usage_text));
      return SD_CLI_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      return commands[c].run (&globals, argc - i, argv + i);

  return sd_cli_usage (_("Unknown command “%s”."), argv[i]);
}
