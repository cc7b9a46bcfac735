// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_bench - the cost of one vmalloc-family operation, call by call.
 *
 * Every case times each of its calls on its own (loops calls per pass,
 * after warmup untimed ones) and prints the median, the 10th and 90th
 * percentiles, the minimum and the maximum over the calls of a pass. The
 * clock is get_cycles() (the TSC): under QEMU TCG with
 * "-icount shift=0,sleep=off" it counts guest instructions, so the figures
 * are instructions per operation; clock=ns uses ktime_get_ns() for
 * wall-clock runs (KVM, bare metal).
 *
 * An operation is the allocation with one write to the new memory plus
 * the matching free, each timed on its own and summed (so that the
 * GFP_NOWAIT case can allocate with preemption disabled and free outside).
 * The *_newpt cases keep every allocation until the case ends and align
 * it to PMD_SIZE, so that each call must map a new PTE page; they time the
 * allocation alone and prove, call by call, that the PMD entry of the new
 * area was empty before the case and holds a table after the call.
 *
 * seed (non-zero) changes the state the cases start from: a pseudo-random
 * pattern of vmalloc() areas is allocated and half of it freed before the
 * first case, the rest at the end. The same seed gives the same pattern.
 *
 * Output: KTAP on the kernel log (one test per case and pass), plus one
 * machine-readable line per case and pass:
 *   vmalloc_bench: result case=NAME pass=P seed=S clock=C loops=N
 *                  median=M alloc_median=A p10= p90= min= max= failed=F
 *                  newpt=K
 * The module load returns 0 when every case passed, -EINVAL otherwise.
 * Boot with "nohugevmalloc", as the selftests do.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/timex.h>
#include <linux/vmalloc.h>

#define VB_LOOPS_MAX	100000
#define VB_REPEAT_MAX	100
#define VB_WARMUP_MAX	10000
#define VB_NEWPT_TRIES	4096
#define VB_VMAP_PAGES	16
/* Address space whose PMD entries the newpt proof tracks. */
#define VB_WINDOW	(64UL << 30)

static char *cases = "";
module_param(cases, charp, 0444);
MODULE_PARM_DESC(cases,
		 "Comma-separated case names to run (empty: all; list=1 prints them):\n"
		 "\t\tvmalloc_1p vmalloc_4p vmalloc_16p vmalloc_64p\n"
		 "\t\t__vmalloc_kernel __vmalloc_nofs __vmalloc_noio __vmalloc_nowait\n"
		 "\t\tvmalloc_newpt __vmalloc_nofs_newpt kvmalloc_nofs\n"
		 "\t\tvmap_1p vmap_16p vm_map_ram_1p vm_map_ram_16p\n"
		 "\t\tpercpu_kernel percpu_nofs");

static unsigned int loops = 1001;
module_param(loops, uint, 0444);
MODULE_PARM_DESC(loops, "Timed calls per case and pass, 1-100000 (default 1001)");

static unsigned int repeat = 1;
module_param(repeat, uint, 0444);
MODULE_PARM_DESC(repeat, "Passes over the cases, 1-100 (default 1)");

static unsigned int warmup = 16;
module_param(warmup, uint, 0444);
MODULE_PARM_DESC(warmup, "Untimed calls before each case's timed ones, 0-10000 (default 16)");

static unsigned int seed;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "Starting-state pattern (0: none; same seed, same pattern)");

static char *vb_clock = "cycles";
module_param_named(clock, vb_clock, charp, 0444);
MODULE_PARM_DESC(clock,
		 "cycles: get_cycles(), instructions under QEMU -icount shift=0 (default)\n"
		 "\t\tns: ktime_get_ns(), for wall-clock runs");

static bool list;
module_param(list, bool, 0444);
MODULE_PARM_DESC(list, "Print the case names and run none");

static bool vb_ns;

static __always_inline u64 vb_now(void)
{
	return vb_ns ? ktime_get_ns() : (u64)get_cycles();
}

#define VB_FAIL		U64_MAX

struct vb_ctx {
	struct page *pages[VB_VMAP_PAGES];
	void **keep;			/* newpt: kept until the case ends */
	unsigned int nr_keep;
	unsigned long *seen;		/* newpt: PMDs that have a PTE page */
	unsigned int newpt;		/* newpt: calls that proved one */
	u64 alloc;			/* the allocation part of the last op */
};

struct vb_case {
	const char *name;
	u64 (*op)(const struct vb_case *c, struct vb_ctx *x);
	unsigned long size;
	gfp_t gfp;
	bool plain;			/* vmalloc() rather than __vmalloc() */
	bool atomic;			/* allocate with preemption disabled */
	bool newpt;
};

/* Allocation timed, one write, free timed: the sum of the two parts. */
static u64 vb_vmalloc(const struct vb_case *c, struct vb_ctx *x)
{
	u64 t0, t1, t2, t3;
	char *p;

	if (c->atomic)
		preempt_disable();
	t0 = vb_now();
	p = c->plain ? vmalloc(c->size) : __vmalloc(c->size, c->gfp);
	if (p)
		WRITE_ONCE(*p, 1);
	t1 = vb_now();
	if (c->atomic)
		preempt_enable();
	if (!p)
		return VB_FAIL;
	t2 = vb_now();
	vfree(p);
	t3 = vb_now();
	x->alloc = t1 - t0;
	return (t1 - t0) + (t3 - t2);
}

static u64 vb_kvmalloc(const struct vb_case *c, struct vb_ctx *x)
{
	u64 t0, t1, t2, t3;
	bool vm;
	char *p;

	t0 = vb_now();
	p = kvmalloc_node(c->size, c->gfp, NUMA_NO_NODE);
	if (p)
		WRITE_ONCE(*p, 1);
	t1 = vb_now();
	if (!p)
		return VB_FAIL;
	vm = is_vmalloc_addr(p);
	t2 = vb_now();
	kvfree(p);
	t3 = vb_now();
	x->alloc = t1 - t0;
	/* The case is about the vmalloc fallback: kmalloc must have failed. */
	return vm ? (t1 - t0) + (t3 - t2) : VB_FAIL;
}

static u64 vb_vmap(const struct vb_case *c, struct vb_ctx *x)
{
	u64 t0, t1, t2, t3;
	char *p;

	t0 = vb_now();
	p = vmap(x->pages, c->size >> PAGE_SHIFT, VM_MAP, PAGE_KERNEL);
	if (p)
		WRITE_ONCE(*p, 1);
	t1 = vb_now();
	if (!p)
		return VB_FAIL;
	t2 = vb_now();
	vunmap(p);
	t3 = vb_now();
	x->alloc = t1 - t0;
	return (t1 - t0) + (t3 - t2);
}

/* Per-CPU vmap blocks: no vmap_area search, mostly the page-table walk. */
static u64 vb_vm_map_ram(const struct vb_case *c, struct vb_ctx *x)
{
	unsigned int n = c->size >> PAGE_SHIFT;
	u64 t0, t1, t2, t3;
	char *p;

	t0 = vb_now();
	p = vm_map_ram(x->pages, n, NUMA_NO_NODE);
	if (p)
		WRITE_ONCE(*p, 1);
	t1 = vb_now();
	if (!p)
		return VB_FAIL;
	t2 = vb_now();
	vm_unmap_ram(p, n);
	t3 = vb_now();
	x->alloc = t1 - t0;
	return (t1 - t0) + (t3 - t2);
}

static u64 vb_percpu(const struct vb_case *c, struct vb_ctx *x)
{
	u64 __percpu *p;
	u64 t0, t1, t2, t3;

	t0 = vb_now();
	p = alloc_percpu_gfp(u64, c->gfp);
	if (p)
		this_cpu_write(*p, 1);
	t1 = vb_now();
	if (!p)
		return VB_FAIL;
	t2 = vb_now();
	free_percpu(p);
	t3 = vb_now();
	x->alloc = t1 - t0;
	return (t1 - t0) + (t3 - t2);
}

/*
 * newpt: does the PMD entry over addr hold a PTE page now, and did it not
 * before the case (x->seen)? Marks it seen. Only x86 can look it up.
 */
static bool vb_new_table(struct vb_ctx *x, unsigned long addr)
{
#ifdef CONFIG_X86
	unsigned long i = (addr - VMALLOC_START) >> PMD_SHIFT;
	unsigned int level;

	if (addr < VMALLOC_START || i >= (VB_WINDOW >> PMD_SHIFT) ||
	    test_and_set_bit(i, x->seen))
		return false;
	return lookup_address(addr, &level) && level == PG_LEVEL_4K;
#else
	return false;
#endif
}

static u64 vb_newpt(const struct vb_case *c, struct vb_ctx *x)
{
	u64 t0, t1;
	char *p;

	t0 = vb_now();
	p = __vmalloc_node(c->size, PMD_SIZE, c->gfp, NUMA_NO_NODE,
			   __builtin_return_address(0));
	if (p)
		WRITE_ONCE(*p, 1);
	t1 = vb_now();
	if (!p)
		return VB_FAIL;
	x->keep[x->nr_keep++] = p;
	if (vb_new_table(x, (unsigned long)p))
		x->newpt++;
	x->alloc = t1 - t0;
	return t1 - t0;
}

#define VB_VMALLOC(n, sz, g, ...) \
	{ .name = n, .op = vb_vmalloc, .size = sz, .gfp = g, __VA_ARGS__ }

static const struct vb_case vb_cases[] = {
	VB_VMALLOC("vmalloc_1p", PAGE_SIZE, GFP_KERNEL, .plain = true),
	VB_VMALLOC("vmalloc_4p", 4 * PAGE_SIZE, GFP_KERNEL, .plain = true),
	VB_VMALLOC("vmalloc_16p", 16 * PAGE_SIZE, GFP_KERNEL, .plain = true),
	VB_VMALLOC("vmalloc_64p", 64 * PAGE_SIZE, GFP_KERNEL, .plain = true),
	VB_VMALLOC("__vmalloc_kernel", PAGE_SIZE, GFP_KERNEL),
	VB_VMALLOC("__vmalloc_nofs", PAGE_SIZE, GFP_NOFS),
	VB_VMALLOC("__vmalloc_noio", PAGE_SIZE, GFP_NOIO),
	VB_VMALLOC("__vmalloc_nowait", PAGE_SIZE, GFP_NOWAIT, .atomic = true),
	{ .name = "vmalloc_newpt", .op = vb_newpt, .size = PAGE_SIZE,
	  .gfp = GFP_KERNEL, .newpt = true },
	{ .name = "__vmalloc_nofs_newpt", .op = vb_newpt, .size = PAGE_SIZE,
	  .gfp = GFP_NOFS, .newpt = true },
	{ .name = "kvmalloc_nofs", .op = vb_kvmalloc,
	  .size = KMALLOC_MAX_SIZE + PAGE_SIZE, .gfp = GFP_NOFS },
	{ .name = "vmap_1p", .op = vb_vmap, .size = PAGE_SIZE },
	{ .name = "vmap_16p", .op = vb_vmap, .size = VB_VMAP_PAGES * PAGE_SIZE },
	{ .name = "vm_map_ram_1p", .op = vb_vm_map_ram, .size = PAGE_SIZE },
	{ .name = "vm_map_ram_16p", .op = vb_vm_map_ram,
	  .size = VB_VMAP_PAGES * PAGE_SIZE },
	{ .name = "percpu_kernel", .op = vb_percpu, .gfp = GFP_KERNEL },
	{ .name = "percpu_nofs", .op = vb_percpu, .gfp = GFP_NOFS },
};

static int vb_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 vb_pct(const u64 *v, unsigned int n, unsigned int pct)
{
	return v[(u64)(n - 1) * pct / 100];
}

/* Before a newpt case: which PMDs of the window have a PTE page already. */
static int vb_newpt_setup(struct vb_ctx *x)
{
	unsigned long i, n = VB_WINDOW >> PMD_SHIFT;

	if (!IS_ENABLED(CONFIG_X86))
		return -EOPNOTSUPP;
	x->seen = bitmap_zalloc(n, GFP_KERNEL);
	x->keep = kvcalloc(loops + warmup + VB_NEWPT_TRIES, sizeof(*x->keep),
			   GFP_KERNEL);
	if (!x->seen || !x->keep)
		return -ENOMEM;
#ifdef CONFIG_X86
	for (i = 0; i < n; i++) {
		unsigned int level;

		if (lookup_address(VMALLOC_START + (i << PMD_SHIFT), &level))
			__set_bit(i, x->seen);
	}
#endif
	return 0;
}

static void vb_newpt_teardown(struct vb_ctx *x)
{
	while (x->nr_keep)
		vfree(x->keep[--x->nr_keep]);
	kvfree(x->keep);
	bitmap_free(x->seen);
	x->keep = NULL;
	x->seen = NULL;
}

/*
 * Untimed calls: warmup of them, and for newpt as many more as it takes
 * to reach address space that never had page tables (then every later
 * call is there too, as nothing is freed before the case ends).
 */
static int vb_warmup(const struct vb_case *c, struct vb_ctx *x)
{
	unsigned int i;

	for (i = 0; i < warmup; i++)
		if (c->op(c, x) == VB_FAIL)
			return -ENOMEM;
	if (!c->newpt)
		return 0;
	for (i = 0; i < VB_NEWPT_TRIES; i++) {
		x->newpt = 0;
		if (c->op(c, x) == VB_FAIL)
			return -ENOMEM;
		if (x->newpt)
			break;
	}
	x->newpt = 0;
	return 0;
}

/* One case, one pass: true when it passed. */
static bool vb_run(const struct vb_case *c, unsigned int pass,
		   unsigned int nr, u64 *cost, u64 *alloc)
{
	struct vb_ctx x = { };
	unsigned int i, n = 0, failed = 0;
	const char *why = NULL;
	int err = 0;

	if (c->op == vb_vmap || c->op == vb_vm_map_ram) {
		for (i = 0; i < VB_VMAP_PAGES; i++) {
			x.pages[i] = alloc_page(GFP_KERNEL);
			if (!x.pages[i])
				err = -ENOMEM;
		}
	}
	if (c->newpt && !err)
		err = vb_newpt_setup(&x);
	if (!err)
		err = vb_warmup(c, &x);
	if (err) {
		why = err == -EOPNOTSUPP ? "no page-table lookup for this architecture"
					 : "setup or warmup failed";
		goto out;
	}
	for (i = 0; i < loops; i++) {
		u64 t = c->op(c, &x);

		if (t == VB_FAIL) {
			failed++;
			continue;
		}
		cost[n] = t;
		alloc[n++] = x.alloc;
		cond_resched();
	}
	if (failed)
		why = "calls failed";
	else if (c->newpt && x.newpt != loops)
		why = "calls without a new page-table page";
out:
	if (c->newpt)
		vb_newpt_teardown(&x);
	for (i = 0; i < VB_VMAP_PAGES; i++)
		if (x.pages[i])
			__free_page(x.pages[i]);
	if (n) {
		sort(cost, n, sizeof(*cost), vb_cmp, NULL);
		sort(alloc, n, sizeof(*alloc), vb_cmp, NULL);
		pr_info("result case=%s pass=%u seed=%u clock=%s loops=%u median=%llu alloc_median=%llu p10=%llu p90=%llu min=%llu max=%llu failed=%u newpt=%u\n",
			c->name, pass, seed, vb_ns ? "ns" : "cycles", n,
			vb_pct(cost, n, 50), vb_pct(alloc, n, 50),
			vb_pct(cost, n, 10), vb_pct(cost, n, 90), cost[0],
			cost[n - 1], failed, x.newpt);
	}
	if (why) {
		pr_info("# %s: %s (failed %u, new page tables %u of %u)\n",
			c->name, why, failed, x.newpt, loops);
		pr_info("not ok %u %s\n", nr, c->name);
		return false;
	}
	pr_info("ok %u %s\n", nr, c->name);
	return true;
}

/* The starting state of a seed: areas of 1-64 pages, half of them kept. */
static void **vb_seed_keep;
static unsigned int vb_seed_nr;

static void vb_seed_state(void)
{
	struct rnd_state r;
	unsigned int i, n;
	void *p;

	if (!seed)
		return;
	prandom_seed_state(&r, seed);
	n = 64 + prandom_u32_state(&r) % 192;
	vb_seed_keep = kcalloc(n, sizeof(*vb_seed_keep), GFP_KERNEL);
	if (!vb_seed_keep)
		return;
	for (i = 0; i < n; i++) {
		p = vmalloc((1 + prandom_u32_state(&r) % 64) << PAGE_SHIFT);
		if (p && prandom_u32_state(&r) & 1)
			vb_seed_keep[vb_seed_nr++] = p;
		else
			vfree(p);
	}
	pr_info("# seed %u: %u areas allocated, %u kept\n", seed, n, vb_seed_nr);
}

static void vb_seed_release(void)
{
	while (vb_seed_nr)
		vfree(vb_seed_keep[--vb_seed_nr]);
	kfree(vb_seed_keep);
	vb_seed_keep = NULL;
}

static bool vb_selected(const char *name)
{
	size_t len = strlen(name);
	const char *s = cases;

	if (!*cases)
		return true;
	while (s && *s) {
		if (!strncmp(s, name, len) && (s[len] == ',' || !s[len]))
			return true;
		s = strchr(s, ',');
		if (s)
			s++;
	}
	return false;
}

/* Every name in cases= must be a case. */
static int vb_check_cases(void)
{
	const char *s = cases, *e;
	unsigned int i;
	size_t len;

	while (*s) {
		e = strchrnul(s, ',');
		len = e - s;
		for (i = 0; i < ARRAY_SIZE(vb_cases); i++)
			if (strlen(vb_cases[i].name) == len &&
			    !strncmp(vb_cases[i].name, s, len))
				break;
		if (i == ARRAY_SIZE(vb_cases)) {
			pr_err("unknown case '%.*s' (list=1 prints the cases)\n",
			       (int)len, s);
			return -EINVAL;
		}
		s = *e ? e + 1 : e;
	}
	return 0;
}

static int vb_check_params(void)
{
	if (!loops || loops > VB_LOOPS_MAX) {
		pr_err("loops=%u: must be 1-%u\n", loops, VB_LOOPS_MAX);
		return -EINVAL;
	}
	if (!repeat || repeat > VB_REPEAT_MAX) {
		pr_err("repeat=%u: must be 1-%u\n", repeat, VB_REPEAT_MAX);
		return -EINVAL;
	}
	if (warmup > VB_WARMUP_MAX) {
		pr_err("warmup=%u: must be 0-%u\n", warmup, VB_WARMUP_MAX);
		return -EINVAL;
	}
	if (strcmp(vb_clock, "cycles") && strcmp(vb_clock, "ns")) {
		pr_err("clock=%s: must be cycles or ns\n", vb_clock);
		return -EINVAL;
	}
	vb_ns = !strcmp(vb_clock, "ns");
	return vb_check_cases();
}

/* The cost of the clock itself: an empty timed interval. */
static void vb_clock_overhead(u64 *v)
{
	unsigned int i;
	u64 t0;

	for (i = 0; i < loops; i++) {
		t0 = vb_now();
		v[i] = vb_now() - t0;
	}
	sort(v, loops, sizeof(*v), vb_cmp, NULL);
	pr_info("# clock=%s overhead median=%llu\n", vb_ns ? "ns" : "cycles",
		vb_pct(v, loops, 50));
}

static int __init vb_init(void)
{
	unsigned int i, pass, nr = 0, total = 0, failed = 0;
	u64 *cost, *alloc;
	int err;

	if (list) {
		for (i = 0; i < ARRAY_SIZE(vb_cases); i++)
			pr_info("case %s\n", vb_cases[i].name);
		return 0;
	}
	err = vb_check_params();
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(vb_cases); i++)
		total += vb_selected(vb_cases[i].name);
	cost = kvmalloc_array(loops, sizeof(*cost), GFP_KERNEL);
	alloc = kvmalloc_array(loops, sizeof(*alloc), GFP_KERNEL);
	if (!cost || !alloc) {
		kvfree(cost);
		kvfree(alloc);
		return -ENOMEM;
	}
	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", total * repeat);
	pr_info("# loops=%u repeat=%u warmup=%u seed=%u clock=%s\n",
		loops, repeat, warmup, seed, vb_clock);
	vb_clock_overhead(cost);
	vb_seed_state();
	for (pass = 1; pass <= repeat; pass++)
		for (i = 0; i < ARRAY_SIZE(vb_cases); i++)
			if (vb_selected(vb_cases[i].name) &&
			    !vb_run(&vb_cases[i], pass, ++nr, cost, alloc))
				failed++;
	vb_seed_release();
	kvfree(cost);
	kvfree(alloc);
	pr_info("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:0 error:0\n",
		nr - failed, failed);
	return failed ? -EINVAL : 0;
}

static void __exit vb_exit(void)
{
}

module_init(vb_init);
module_exit(vb_exit);

MODULE_DESCRIPTION("vmalloc fast-path microbenchmarks, one call at a time");
MODULE_LICENSE("GPL");
