// SPDX-License-Identifier: GPL-2.0
/* Prototype: sweep current->fail_nth over one vmalloc call per mask. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static const struct { const char *name; gfp_t gfp; } masks[] = {
	{ "kernel", GFP_KERNEL }, { "nofs", GFP_NOFS }, { "nowait", GFP_NOWAIT },
	{ "noretry", GFP_KERNEL | __GFP_NORETRY },
	{ "nofs_nofail", GFP_NOFS | __GFP_NOFAIL },
};

static int __init fi_init(void)
{
	unsigned int i, k, left;
	void *p;

	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		unsigned int nulls = 0;

		for (k = 1; k < 10000; k++) {
			WRITE_ONCE(current->fail_nth, k);
			p = __vmalloc(PMD_SIZE, masks[i].gfp);
			left = READ_ONCE(current->fail_nth);
			WRITE_ONCE(current->fail_nth, 0);
			if (!p)
				nulls++;
			vfree(p);
			if (left)
				break;
		}
		pr_info("%s: %u failure points, %u NULL\n", masks[i].name, k - 1, nulls);
	}
	return -EAGAIN;
}
module_init(fi_init);
MODULE_DESCRIPTION("fail_nth sweep prototype (issue 6), not built by the harness");
MODULE_LICENSE("GPL");
