/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-cli"

#include "sd-i18n.h"

#include <locale.h>

#include "sd-cli.h"

static const char usage_text[] =
  N_("Usage: shopdesk-cli [--db PATH] COMMAND [ARGUMENTS…]\n"
     "\n"
     "The customer database of a ShopDesk shop, from the command line.\n"
     "\n"
     "Commands:\n"
     "  import customers|orders FILE [--encoding auto|utf-8|gb18030] [--map COLUMN=FIELD]…\n"
     "                     [--on-error abort|skip] [--platform NAME] [--json]\n"
     "                     Import a CSV file (UTF-8 or GB18030, Taobao reports included)\n"
     "                     or a ShopDesk JSON export.\n"
     "  export customers [--format csv|json] [-o FILE] [--search TEXT]\n"
     "                     Export customers (CSV in UTF-8 with BOM, opens in Excel and WPS).\n"
     "  customers search QUERY [--limit N] [--sort KEY] [--desc] [--tag TAG] [--province P]\n"
     "                     [--min-spent YUAN] [--max-spent YUAN] [--min-orders N] [--max-orders N]\n"
     "                     [--last-order-after DATE] [--last-order-before DATE] [--json]\n"
     "  customers list     The same as search, without a query.\n"
     "  customers count [QUERY] [filters]\n"
     "  customers show ID [--json]\n"
     "  customers merge KEEP_ID OTHER_ID\n"
     "  customers note ID TEXT\n"
     "  customers tag ID TAG [--remove]\n"
     "  demo --customers N --orders M [--seed S]\n"
     "                     Fill an empty shop with realistic generated data.\n"
     "  check              Verify the database file (integrity and foreign keys).\n"
     "\n"
     "Options:\n"
     "  --db PATH          The shop database (default: $SHOPDESK_DB, else\n"
     "                     ~/.local/share/shopdesk/shop.db)\n"
     "  -h, --help         Show this help; COMMAND --help shows a command's own options\n"
     "  --version          Show the version\n"
     "\n"
     "Exit status: 0 done, 1 failed (the reason is on standard error), 2 bad usage.\n");

static const struct
{
  const char *name;
  int (*run) (const SdCliGlobals *globals, int argc, char **argv);
} commands[] = {
  { "import", sd_cli_import },
  { "export", sd_cli_export },
  { "customers", sd_cli_customers },
  { "demo", sd_cli_demo },
  { "check", sd_cli_check },
};

int
main (int    argc,
      char **argv)
{
  SdCliGlobals globals = { NULL };
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
