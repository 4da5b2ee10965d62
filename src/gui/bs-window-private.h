/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-home-page.h"
#include "bs-toast-slot.h"
#include "bs-window.h"

G_BEGIN_DECLS

/* The window is one class in three files: the shell and Browse (bs-window.c), its
 * actions (bs-window-actions.c) and the rows of its lists (bs-window-rows.c). */

struct _BsWindow
{
  AdwApplicationWindow parent_instance;

  BsShop *shop;                  /* (owned) */
  BsCoverLoader *covers;         /* (owned) */
  gboolean shop_fixed;           /* chosen for this run: Preferences cannot change it */
  GListStore *search_results;    /* (owned): BsBook */
  GtkStringFilter *filter;       /* (owned): the category picked */
  GtkFilterListModel *filtered;  /* (owned) */
  GtkSortListModel *sorted;      /* (owned) */
  GtkStringList *category_names; /* (owned) */
  GCancellable *cancellable;     /* (owned) */
  GSettings *settings;           /* (owned) (nullable): absent when the schema is not installed */
  GCancellable *search_cancellable; /* (owned) (nullable) */
  char *search_text;             /* (owned) (nullable) */
  char *pending_book;            /* (owned) (nullable): asked for before the catalog had it */
  gulong pending_book_handler;
  GtkWindow *sign_in_dialog;     /* (unowned) (nullable): while it is open */
  GPtrArray *back_stack;         /* (owned): names of the pages Escape goes back to */
  char *current_page;            /* (owned) (nullable) */
  gboolean going_back;
  gboolean scroll_to_top;        /* once the grid's models are sorted and filtered */
  guint scroll_to_top_id;

  AdwToastOverlay *toasts;
  BsToastSlot *toast_slot;       /* (owned) */
  AdwViewStack *stack;
  AdwBin *home_bin;
  BsHomePage *home;
  AdwViewStackPage *cart_page;
  GtkToggleButton *search_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkRevealer *offline_revealer;
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel *account_label;
  GtkMenuButton *menu_button;
  guint narrow_idle_id;
  GtkButton *sign_in_button;
  GtkDropDown *category_dropdown;
  GtkDropDown *sort_dropdown;
  GtkStack *browse_stack;
  GtkGridView *grid;
  GtkStack *bestsellers_stack;
  GtkListView *bestsellers_list;
  GtkStack *cart_stack;
  GtkListView *cart_list;
  GtkLabel *total_label;
  GtkStack *orders_stack;
  GtkListView *orders_list;
};

gboolean bs_window_is_signed_in  (BsWindow     *self);
void     bs_window_show_sign_in  (BsWindow     *self);
void     bs_window_show_book     (BsWindow     *self,
                                  BsBook       *book);
void     bs_window_show_toast    (BsWindow     *self,
                                  AdwToast     *toast);
void     bs_window_toast         (BsWindow     *self,
                                  const char   *message);
void     bs_window_toast_error   (BsWindow     *self,
                                  const GError *error);

void     bs_window_update_browse_state (BsWindow *self);
void     bs_window_search_init   (BsWindow     *self);
void     bs_window_class_add_actions (GtkWidgetClass *widget_class);
void     bs_window_add_shortcuts_action (BsWindow   *self);

GtkListItemFactory *bs_window_bestseller_rows_new (BsWindow *self);
GtkListItemFactory *bs_window_cart_rows_new       (BsWindow *self);
GtkListItemFactory *bs_window_order_rows_new      (BsWindow *self);

G_END_DECLS
