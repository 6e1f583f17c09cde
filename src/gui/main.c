/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sd-application.h"
#include "sd-renderer.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SdApplication) app = NULL;
  const char *localedir = g_getenv ("SHOPDESK_LOCALEDIR");

  /* An uninstalled build reads its translations from <build>/po (tools/run.sh sets it). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The renderer is chosen before GApplication's threads start and before any window;
   * without a display the application says so itself when it starts. */
  if (gtk_init_check ())
    sd_renderer_choose (gdk_display_get_default ());
  app = sd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
