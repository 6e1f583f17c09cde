/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "sd-gui-test-util.h"
#include "sd-renderer.h"

static void
test_pick (void)
{
  static const struct { const char *env; const char *gl; const char *expected; } cases[] = {
    { NULL, "llvmpipe (LLVM 15.0.6, 256 bits)", "cairo" },
    { NULL, "softpipe", "cairo" },
    { NULL, "Software Rasterizer", "cairo" },
    { NULL, "Mesa DRI swrast", "cairo" },
    /* A GPU: GTK's OpenGL renderer stays. */
    { NULL, "AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)", NULL },
    { NULL, "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", NULL },
    { NULL, "NVIDIA GeForce GTX 1650/PCIe/SSE2", NULL },
    /* No OpenGL: GTK draws with cairo by itself. */
    { NULL, NULL, NULL },
    /* The user's choice wins, whatever it is. */
    { "gl", "llvmpipe (LLVM 15.0.6, 256 bits)", NULL },
    { "", "llvmpipe (LLVM 15.0.6, 256 bits)", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (sd_renderer_pick (cases[i].env, cases[i].gl), ==, cases[i].expected);
}

/* Before any window: GTK reads GSK_RENDERER once, for the first. */
static void
test_user_wins (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_null (sd_renderer_choose (gdk_display_get_default ()));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_unsetenv ("GSK_RENDERER");
}

static gboolean
realized (gpointer window)
{
  return gtk_widget_get_mapped (window) && gtk_native_get_renderer (GTK_NATIVE (window)) != NULL;
}

/* Under Xvfb the only OpenGL is Mesa's software one: the window draws with cairo. */
static void
test_software_gl (void)
{
  g_autofree char *gl = sd_renderer_gl_name (gdk_display_get_default ());
  const char *chosen = sd_renderer_choose (gdk_display_get_default ());
  GtkWidget *window = gtk_window_new ();

  g_test_message ("OpenGL: %s", gl ? gl : "none");
  if (gl != NULL)
    {
      g_assert_cmpstr (chosen, ==, "cairo");
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
    }
  else
    g_assert_null (chosen);
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 100);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sd_gui_test_wait_for (realized, window, 5000));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), ==, "GskCairoRenderer");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("GSK_RENDERER");
  sd_gui_test_init (&argc, &argv);
  g_test_add_func ("/gui/renderer/pick", test_pick);
  g_test_add_func ("/gui/renderer/user-wins", test_user_wins);
  g_test_add_func ("/gui/renderer/software-gl", test_software_gl);
  return g_test_run ();
}
