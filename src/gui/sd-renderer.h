/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Which of GTK's renderers draws the windows. GTK 4.8 draws with OpenGL wherever there is
 * one, even when the only OpenGL is Mesa's software rasteriser (no GPU, a virtual machine,
 * a remote or Xvfb session); there its frames of the customer list take 70 ms against
 * cairo's 19, and its glyph caches 100 MB more memory (bench/run-window.sh). So on a
 * software OpenGL ShopDesk asks GTK for its cairo renderer, before the first window;
 * GSK_RENDERER set by the user always wins. */

/* The renderer for GSK_RENDERER's value ENV (NULL: not set) and the OpenGL renderer's
 * name GL_RENDERER (glGetString; NULL: no OpenGL): "cairo" for a software rasteriser
 * when ENV is not set, else NULL (GTK's own choice stands). */
const char *sd_renderer_pick   (const char *env,
                                const char *gl_renderer);

/* The OpenGL renderer's name on DISPLAY ("llvmpipe (LLVM 15.0.6, 256 bits)"), or NULL
 * when it has no OpenGL. */
char       *sd_renderer_gl_name (GdkDisplay *display);

/* Sets GSK_RENDERER as sd_renderer_pick says for DISPLAY; returns what it set, or NULL.
 * Call before any window is shown and before threads start (it changes the environment). */
const char *sd_renderer_choose (GdkDisplay *display);

G_END_DECLS
