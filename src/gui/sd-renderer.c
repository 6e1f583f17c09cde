/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-renderer"

#include <epoxy/gl.h>

#include "sd-renderer.h"

const char *
sd_renderer_pick (const char *env,
                  const char *gl_renderer)
{
  /* Mesa's names for its CPU rasterisers: llvmpipe, softpipe, and the classic swrast. */
  static const char *software[] = { "llvmpipe", "softpipe", "Software Rasterizer", "swrast" };

  if (env != NULL || gl_renderer == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (gl_renderer, software[i]) != NULL)
      return "cairo";
  return NULL;
}

char *
sd_renderer_gl_name (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;
  char *copy;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return NULL;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  copy = g_strdup (name);
  gdk_gl_context_clear_current ();
  return copy;
}

const char *
sd_renderer_choose (GdkDisplay *display)
{
  g_autofree char *gl_name = NULL;
  const char *renderer;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  if (g_getenv ("GSK_RENDERER") != NULL)
    return NULL;
  gl_name = sd_renderer_gl_name (display);
  renderer = sd_renderer_pick (NULL, gl_name);
  if (renderer != NULL)
    {
      g_debug ("OpenGL is %s, a software rasteriser: GTK's %s renderer draws instead", gl_name, renderer);
      g_setenv ("GSK_RENDERER", renderer, TRUE);
    }
  return renderer;
}
