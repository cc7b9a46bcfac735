// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_gfp_test - may the allocations nested in a vmalloc-family call
 * do more than the caller's gfp mask allows?
 *
 * Each case calls one entry point with one caller mask and judges the call
 * with one check (case name: <entry>_<mask>_<check>):
 *
 * lockdep:   the call is made holding a mutex that lockdep has seen taken
 *            inside filesystem reclaim; a nested allocation that may enter
 *            fs reclaim makes lockdep report and clear debug_locks.
 * auditor:   probes on the page and slab allocation tracepoints record every
 *            allocation the task makes during the call, with the task's
 *            PF_MEMALLOC* flags; none may exceed the caller's context
 *            (__GFP_FS/__GFP_IO, direct reclaim, reserves, and the retry
 *            policy: a __GFP_NORETRY/__GFP_RETRY_MAYFAIL caller's nested
 *            reclaiming allocations must carry one of them, or they may
 *            invoke the OOM killer or retry forever).
 * atomic:    GFP_NOWAIT with preemption disabled, GFP_ATOMIC with a
 *            spinlock held; a "sleeping function called from invalid
 *            context" report fails the case.
 * downgrade: __GFP_NORETRY/__GFP_RETRY_MAYFAIL callers: a nested page-table
 *            allocation that may not reclaim at all (the v7.1 noreclaim
 *            scope) is a finding of its own.
 * faults:    fault injection (CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAILSLAB): each
 *            allocation of the call fails in turn (current->fail_nth), then
 *            fail_calls more calls fail what the debugfs attributes select
 *            (current->make_it_fail: every Nth allocation with "interval").
 *            A call may return NULL, a __GFP_NOFAIL call may not; an object
 *            returned must be fully usable; every page-table page allocated
 *            during the case must be reachable from the kernel's page-table
 *            root when it ends. The runner checks the rest of the leaks.
 * warn:      one report per failure: a sweep as in faults, until a
 *            page-table allocation of the mapping failed; that call's
 *            reports are counted: warn_alloc() calls without __GFP_NOWARN
 *            (a kprobe) and fault injection's notices (printed, like the
 *            page allocator's warn_alloc(), for an allocation without
 *            __GFP_NOWARN). vmalloc reports a failed mapping itself:
 *            exactly one report, its warn_alloc().
 *
 * One case is outside the tables: percpu_worker_auditor audits what
 * percpu's balance work (pcpu_balance_workfn()) allocates on the callers'
 * behalf, in a kworker. GFP_NOWAIT percpu allocations, served from
 * populated pages only, make it populate chunks and create new ones; the
 * probes record the work (current_work()), and each of its allocations is
 * judged against its own context: GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN
 * inside its memalloc_noio_save(), no PF_MEMALLOC (see vgt_worker()).
 *
 * A case passes only when it proves that the call allocated at least one
 * kernel page-table page: the table page holding a leaf entry of the new
 * mapping must be among the pages the auditor saw allocated during the call
 * (or, with huge vmalloc mappings, the leaf is a PMD or PUD leaf: the call
 * took the huge-mapping walk). Otherwise it is skipped, never passed. One
 * exception: percpu's faults case (see vgt_faults()). percpu_worker_auditor
 * needs a page-table allocation among the work's records instead.
 *
 * The module load's return value is the verdict (0: pass or skip, -EINVAL:
 * fail); results are printed as KTAP. It taints the kernel with TAINT_TEST.
 * Boot with "nohugevmalloc" so that kvmalloc() and vmalloc_huge() map with
 * PTEs, the path every other size takes; without it, for the atomic cases
 * of the huge-mapping walk.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debug_locks.h>
#include <linux/kallsyms.h>
#include <linux/delay.h>
#include <linux/kasan.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

static char *run = "";
module_param(run, charp, 0444);
MODULE_PARM_DESC(run,
		 "Comma-separated case names to run (empty: all). A case name is\n"
		 "\t\t<entry>_<mask>_<check>:\n"
		 "\t\tentry: vmalloc vmalloc_node vmalloc_huge vmalloc_array\n"
		 "\t\t       kvmalloc_node vrealloc kvrealloc percpu\n"
		 "\t\tmask:  kernel nofs noio nowait atomic noretry retry_mayfail\n"
		 "\t\t       nofs_nofail scope_nofs scope_noio\n"
		 "\t\tcheck: lockdep auditor atomic downgrade faults\n"
		 "\t\tand percpu_worker_auditor (percpu's balance work).\n"
		 "\t\tlist=1 prints the valid combinations.");

static bool list;
module_param(list, bool, 0444);
MODULE_PARM_DESC(list, "Print the names of all cases and run none");

static unsigned int attempts = 16;
module_param(attempts, uint, 0444);
MODULE_PARM_DESC(attempts,
		 "Calls per case (each one kept until the case ends) until one proves a new page-table page (default 16)");

static unsigned int fences = 4096;
module_param(fences, uint, 0444);
MODULE_PARM_DESC(fences,
		 "Most vmap() fences used to move a case's call to address space without page tables (default 4096)");

static unsigned int fail_points = 256;
module_param(fail_points, uint, 0444);
MODULE_PARM_DESC(fail_points,
		 "faults: most allocations of one call failed in turn (default 256)");

static unsigned int fail_calls;
module_param(fail_calls, uint, 0444);
MODULE_PARM_DESC(fail_calls,
		 "faults: calls made with make_it_fail set after the sweep (default 0)");

static unsigned int stress_threads;
module_param(stress_threads, uint, 0444);
MODULE_PARM_DESC(stress_threads,
		 "Run no case: this many threads call every entry point with every mask (default 0)");

static unsigned int stress_secs = 10;
module_param(stress_secs, uint, 0444);
MODULE_PARM_DESC(stress_secs, "stress: seconds each thread runs (default 10)");

/* ---------------------------------------------------------------------
 * The gfp auditor: what the current task allocates, and in which context.
 */
#define VGT_RECORDS	512
#define VGT_FRAMES	12

struct vgt_record {
	struct page *page;		/* NULL for a slab object */
	unsigned long call_site;	/* slab: the tracepoint's call site */
	unsigned int order;
	gfp_t gfp;
	unsigned int pflags;		/* current->flags at that moment */
	unsigned int nr_frames;
	unsigned long frames[VGT_FRAMES];
};

static struct {
	struct task_struct *task;
	bool on;
	unsigned int nr;
	unsigned int lost;
	struct vgt_record rec[VGT_RECORDS];
	char console[160];		/* first bad console line of the call */
	unsigned int pt_fails;		/* injected page-table failures */
	unsigned int shadow_fails;	/* of them, in the KASAN shadow */
	bool count_reports;		/* warn: count failure reports */
	unsigned int notices;		/* fault injection's, of the task */
	unsigned int warns;		/* warn_alloc() calls of the task */
	bool huge_leaf;			/* a proof was a huge leaf */
	/* percpu_worker_auditor: record percpu's balance work, not the task */
	bool worker;
	struct work_struct *work;	/* the balance work, once seen */
	struct completion work_done;	/* a run of it ended */
} vgt;

static bool vgt_mine(void)
{
	struct work_struct *work;

	if (!READ_ONCE(vgt.on) || !in_task())
		return false;
	if (!READ_ONCE(vgt.worker))
		return current == vgt.task;
	work = READ_ONCE(vgt.work);
	return work && current_work() == work;
}

static struct vgt_record *vgt_new_record(gfp_t gfp)
{
	struct vgt_record *r;

	if (vgt.nr >= VGT_RECORDS) {
		vgt.lost++;
		return NULL;
	}
	r = &vgt.rec[vgt.nr++];
	memset(r, 0, sizeof(*r));
	r->gfp = gfp;
	r->pflags = current->flags;
	return r;
}

static void vgt_page_probe(void *data, struct page *page, unsigned int order,
			   gfp_t gfp, int migratetype)
{
	struct vgt_record *r;

	if (!vgt_mine())
		return;
	r = vgt_new_record(gfp);
	if (!r)
		return;
	r->page = page;
	r->order = order;
#ifdef CONFIG_STACKTRACE
	r->nr_frames = stack_trace_save(r->frames, VGT_FRAMES, 0);
#endif
}

static void vgt_kmalloc_probe(void *data, unsigned long call_site,
			      const void *ptr, size_t req, size_t alloc,
			      gfp_t gfp, int node)
{
	struct vgt_record *r;

	if (vgt_mine() && ptr) {
		r = vgt_new_record(gfp);
		if (r)
			r->call_site = call_site;
	}
}

static void vgt_cache_probe(void *data, unsigned long call_site,
			    const void *ptr, struct kmem_cache *s, gfp_t gfp,
			    int node)
{
	vgt_kmalloc_probe(data, call_site, ptr, 0, 0, gfp, node);
}

static const char * const vgt_bad_console[] = {
	"BUG:", "WARNING:", "sleeping function called from invalid context",
	"possible circular locking", "inconsistent lock state", "Oops",
};

/*
 * A failure fault injection forced on the audited task: was it a
 * page-table allocation, and was that one for the KASAN shadow? The stack
 * of the failed allocation has the allocating function:
 * __pte_alloc_kernel(), __pmd_alloc(), ... It is taken where fault
 * injection decides (a kretprobe, below), or else from the stack of its
 * notice (fail_page_alloc's "verbose" set to 1 by the runner), which is
 * printed only for an allocation without __GFP_NOWARN.
 */
#define VGT_FAULT_FRAMES	48

/* Is @sym a page-table allocator: __pte_alloc_kernel(), __pmd_alloc(), ...? */
static bool vgt_table_sym(const char *sym)
{
	return strstr(sym, "pte_alloc") || strstr(sym, "pmd_alloc") ||
	       strstr(sym, "pud_alloc") || strstr(sym, "p4d_alloc");
}

static void vgt_classify_frames(const unsigned long *frames, unsigned int nr)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned int i;
	bool table = false;

	for (i = 0; i < nr; i++) {
		sprint_symbol_no_offset(sym, frames[i]);
		if (vgt_table_sym(sym))
			table = true;
		if (table && strstr(sym, "kasan_populate")) {
			vgt.shadow_fails++;
			break;
		}
	}
	vgt.pt_fails += table;
}

static void vgt_classify_failure(void)
{
#ifdef CONFIG_STACKTRACE
	unsigned long frames[VGT_FAULT_FRAMES];

	vgt_classify_frames(frames, stack_trace_save(frames,
						     ARRAY_SIZE(frames), 0));
#endif
}

#if defined(CONFIG_KRETPROBES) && defined(CONFIG_STACKTRACE)
/*
 * Every injected failure, __GFP_NOWARN ones included: kretprobes on
 * should_fail_alloc_page() and should_failslab() keep the stack of each of
 * their calls on the audited task and classify it when the call returns
 * nonzero (a failure to inject). The series allocates vmalloc's page
 * tables with __GFP_NOWARN, so their injected failures print no notice.
 */
struct vgt_fail_frames {
	unsigned int nr;
	unsigned long frames[VGT_FAULT_FRAMES];
};

static int vgt_fail_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vgt_fail_frames *d = (struct vgt_fail_frames *)ri->data;

	/*
	 * Not vgt_mine(): x86 runs kprobe handlers as NMIs, so in_task() is
	 * false here. Fault injection fails allocations in task context only
	 * (fail_nth, and make_it_fail through the task filter), so a
	 * failure seen on the audited task is one of its task's.
	 */
	if (!READ_ONCE(vgt.on) || READ_ONCE(vgt.worker) || current != vgt.task)
		return 1;	/* no return handler for this call */
	d->nr = stack_trace_save(d->frames, VGT_FAULT_FRAMES, 0);
	return 0;
}

static int vgt_fail_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vgt_fail_frames *d = (struct vgt_fail_frames *)ri->data;

	/* should_fail_alloc_page() returns bool, should_failslab() an errno. */
	if ((u8)regs_return_value(regs))
		vgt_classify_frames(d->frames, d->nr);
	return 0;
}

static struct kretprobe vgt_fail_page_rp = {
	.kp.symbol_name = "should_fail_alloc_page",
	.entry_handler = vgt_fail_entry,
	.handler = vgt_fail_return,
	.data_size = sizeof(struct vgt_fail_frames),
};

static struct kretprobe vgt_fail_slab_rp = {
	.kp.symbol_name = "should_failslab",
	.entry_handler = vgt_fail_entry,
	.handler = vgt_fail_return,
	.data_size = sizeof(struct vgt_fail_frames),
};

static struct kretprobe *vgt_fail_rps[] = {
	&vgt_fail_page_rp, &vgt_fail_slab_rp,
};

/* warn: the warn_alloc() calls that would report, rate limit or not. */
static int vgt_warn_alloc_pre(struct kprobe *p, struct pt_regs *regs)
{
	gfp_t gfp = (gfp_t)regs_get_kernel_argument(regs, 0);

	if (READ_ONCE(vgt.count_reports) && current == vgt.task &&
	    !(gfp & __GFP_NOWARN))
		vgt.warns++;
	return 0;
}

static struct kprobe vgt_warn_alloc_kp = {
	.symbol_name = "warn_alloc",
	.pre_handler = vgt_warn_alloc_pre,
};

static bool vgt_warn_probed;

/* The kretprobes are in place: notices are not needed to classify failures. */
static bool vgt_fail_probed;

static void vgt_fail_probes_register(void)
{
	int err;

	if (!IS_ENABLED(CONFIG_FAIL_PAGE_ALLOC) || !IS_ENABLED(CONFIG_FAILSLAB))
		return;
	err = register_kretprobes(vgt_fail_rps, ARRAY_SIZE(vgt_fail_rps));
	vgt_fail_probed = !err;
	if (err)
		pr_info("# no kretprobe on should_fail_alloc_page()/should_failslab() (%d): injected failures are seen in fault injection's notices\n",
			err);
	vgt_warn_probed = !register_kprobe(&vgt_warn_alloc_kp);
}

static void vgt_fail_probes_unregister(void)
{
	if (vgt_fail_probed)
		unregister_kretprobes(vgt_fail_rps, ARRAY_SIZE(vgt_fail_rps));
	if (vgt_warn_probed)
		unregister_kprobe(&vgt_warn_alloc_kp);
	vgt_fail_probed = false;
	vgt_warn_probed = false;
}
#else
static const bool vgt_fail_probed;
static const bool vgt_warn_probed;

static void vgt_fail_probes_register(void)
{
}

static void vgt_fail_probes_unregister(void)
{
}
#endif

static void vgt_console_probe(void *data, const char *text, size_t len)
{
	int i;

	if (vgt_mine() &&
	    strnstr(text, "FAULT_INJECTION: forcing a failure", len)) {
		if (!vgt_fail_probed)
			vgt_classify_failure();
		if (READ_ONCE(vgt.count_reports))
			vgt.notices++;
	}
	if (!READ_ONCE(vgt.on) || vgt.console[0])
		return;
	for (i = 0; i < ARRAY_SIZE(vgt_bad_console); i++) {
		if (strnstr(text, vgt_bad_console[i], len)) {
			strscpy(vgt.console, text,
				min(len + 1, sizeof(vgt.console)));
			return;
		}
	}
}

/*
 * percpu's balance work is a static work item: find it by its function's
 * name (CONFIG_KALLSYMS) when it first runs during percpu_worker_auditor.
 */
static void vgt_work_start_probe(void *data, struct work_struct *work)
{
	char sym[KSYM_SYMBOL_LEN];

	if (!READ_ONCE(vgt.worker) || READ_ONCE(vgt.work))
		return;
	sprint_symbol_no_offset(sym, (unsigned long)work->func);
	if (strcmp(sym, "pcpu_balance_workfn"))
		return;
	WRITE_ONCE(vgt.work, work);
	/* Before its allocations read vgt.on: pairs with vgt_worker_stop(). */
	smp_mb();
}

static void vgt_work_end_probe(void *data, struct work_struct *work,
			       work_func_t func)
{
	if (READ_ONCE(vgt.worker) && work == READ_ONCE(vgt.work))
		complete(&vgt.work_done);
}

struct vgt_probe {
	const char *name;
	void *func;
	struct tracepoint *tp;
};

static struct vgt_probe vgt_probes[] = {
	{ "mm_page_alloc", vgt_page_probe },
	{ "kmalloc", vgt_kmalloc_probe },
	{ "kmem_cache_alloc", vgt_cache_probe },
	{ "console", vgt_console_probe },
	{ "workqueue_execute_start", vgt_work_start_probe },
	{ "workqueue_execute_end", vgt_work_end_probe },
};

static void vgt_find_tracepoint(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vgt_probes); i++)
		if (!strcmp(tp->name, vgt_probes[i].name))
			vgt_probes[i].tp = tp;
}

static void vgt_probes_unregister(void)
{
	int i;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		return;
	for (i = 0; i < ARRAY_SIZE(vgt_probes); i++)
		if (vgt_probes[i].tp)
			tracepoint_probe_unregister(vgt_probes[i].tp,
						    vgt_probes[i].func, NULL);
	tracepoint_synchronize_unregister();
}

/* Returns NULL, or why the auditor cannot work on this kernel. */
static const char *vgt_probes_register(void)
{
	int i;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		return "no CONFIG_TRACEPOINTS";
	for_each_kernel_tracepoint(vgt_find_tracepoint, NULL);
	for (i = 0; i < ARRAY_SIZE(vgt_probes); i++) {
		if (!vgt_probes[i].tp ||
		    tracepoint_probe_register(vgt_probes[i].tp,
					      vgt_probes[i].func, NULL)) {
			vgt_probes[i].tp = NULL;
			vgt_probes_unregister();
			return "a kmem, console or workqueue tracepoint is missing";
		}
	}
	return NULL;
}

static void vgt_record_start(void)
{
	vgt.task = current;
	vgt.nr = 0;
	vgt.lost = 0;
	barrier();
	WRITE_ONCE(vgt.on, true);
}

static void vgt_record_stop(void)
{
	WRITE_ONCE(vgt.on, false);
	barrier();
}

/* ---------------------------------------------------------------------
 * Proof of a page-table allocation: the table page that holds the leaf
 * entry of an address of the new mapping was allocated during the call.
 */
#if defined(CONFIG_X86) || defined(CONFIG_ARM64)
#define VGT_HAVE_WALK 1
/* The kernel's page-table root (init_mm is not exported to modules). */
static pgd_t *vgt_root(void)
{
#ifdef CONFIG_X86
	return (pgd_t *)__va(read_cr3_pa());
#else
	return (pgd_t *)phys_to_virt(read_sysreg(ttbr1_el1) &
				     GENMASK_ULL(47, 12));
#endif
}

/* The table page of @addr's leaf entry; *@huge: a PUD or PMD leaf. */
static struct page *vgt_table_page(unsigned long addr, bool *huge)
{
	pgd_t *pgd = pgd_offset_pgd(vgt_root(), addr);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	*huge = false;
	if (pgd_none(*pgd))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(*p4d))
		return virt_to_page(p4d);
	pud = pud_offset(p4d, addr);
	*huge = pud_leaf(*pud);
	if (pud_none(*pud) || *huge)
		return virt_to_page(pud);
	pmd = pmd_offset(pud, addr);
	*huge = pmd_leaf(*pmd);
	if (pmd_none(*pmd) || *huge)
		return virt_to_page(pmd);
	return virt_to_page(pte_offset_kernel(pmd, addr));
}

/* Would mapping @addr allocate a PTE table (or one above it)? */
static bool vgt_pte_missing(unsigned long addr)
{
	pgd_t *pgd = pgd_offset_pgd(vgt_root(), addr);
	p4d_t *p4d;
	pud_t *pud;

	if (pgd_none(*pgd))
		return true;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(*p4d))
		return true;
	pud = pud_offset(p4d, addr);
	if (pud_none(*pud))
		return true;
	return !pud_leaf(*pud) && pmd_none(*pmd_offset(pud, addr));
}

static int vgt_add_table(struct xarray *tables, void *entry)
{
	return xa_err(xa_store(tables, page_to_pfn(virt_to_page(entry)),
			       xa_mk_value(1), GFP_KERNEL));
}

/* The PMD table under @pud and the PTE tables under it. */
static int vgt_walk_pmd(struct xarray *tables, pud_t *pud, unsigned long a,
			unsigned long end)
{
	pmd_t *pmd = pmd_offset(pud, a);
	int err;

	/* Each PMD table once: KASAN maps many entries to one. */
	if (xa_load(tables, page_to_pfn(virt_to_page(pmd))))
		return 0;
	err = vgt_add_table(tables, pmd);
	for (; !err && a != end; a = pmd_addr_end(a, end)) {
		pmd = pmd_offset(pud, a);
		if (!pmd_none(*pmd) && !pmd_leaf(*pmd))
			err = vgt_add_table(tables, pte_offset_kernel(pmd, a));
	}
	return err;
}

/*
 * Add every table page below the root that maps [start, end) to @tables;
 * both ends aligned to PUD_SIZE, so that each PMD table is walked whole.
 */
static int vgt_walk(struct xarray *tables, unsigned long start,
		    unsigned long end)
{
	unsigned long a, b, c, pgd_end, p4d_end, pud_end;
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;
	int err = 0;

	for (a = start; !err && a - 1 < end - 1; a = pgd_end) {
		pgd_end = pgd_addr_end(a, end);
		pgd = pgd_offset_pgd(vgt_root(), a);
		if (pgd_none(*pgd))
			continue;
		for (b = a; !err && b != pgd_end; b = p4d_end) {
			p4d_end = p4d_addr_end(b, pgd_end);
			p4d = p4d_offset(pgd, b);
			if (p4d_none(*p4d))
				continue;
			err = vgt_add_table(tables, pud_offset(p4d, b));
			for (c = b; !err && c != p4d_end; c = pud_end) {
				pud_end = pud_addr_end(c, p4d_end);
				pud = pud_offset(p4d, c);
				if (!pud_none(*pud) && !pud_leaf(*pud))
					err = vgt_walk_pmd(tables, pud, c,
							   pud_end);
			}
		}
	}
	return err;
}
#else
static struct page *vgt_table_page(unsigned long addr, bool *huge)
{
	*huge = false;
	return NULL;
}

static bool vgt_pte_missing(unsigned long addr)
{
	return false;
}
#endif

static bool vgt_recorded(struct page *page)
{
	unsigned int i;

	for (i = 0; page && i < vgt.nr; i++)
		if (vgt.rec[i].page == page && vgt.rec[i].order == 0)
			return true;
	return false;
}

/*
 * Is @page a table page of [start, start + size)? With @page NULL: was
 * any of them allocated during the call, or is any part of the range
 * mapped by a huge leaf (booted without "nohugevmalloc": the huge-mapping
 * walk, which allocates no table where the PMD table exists)?
 */
static bool vgt_range_has(unsigned long start, unsigned long size,
			  struct page *page)
{
	unsigned long a;
	struct page *t;
	bool huge;

	for (a = start; a < start + size; a = ALIGN(a + 1, PMD_SIZE)) {
		t = vgt_table_page(a, &huge);
		if (t && !page && huge)
			vgt.huge_leaf = true;
		if (t && (page ? t == page : huge || vgt_recorded(t)))
			return true;
	}
	return false;
}

/* ---------------------------------------------------------------------
 * Entry points. call() is the audited call; prepare() and release() run
 * outside the audit with GFP_KERNEL.
 */
#define VGT_SIZE	PMD_SIZE
#define VGT_KV_SIZE	(KMALLOC_MAX_SIZE + PAGE_SIZE)
#define VGT_PCPU_SIZE	PCPU_MIN_UNIT_SIZE

struct vgt_obj {
	void *old;
	void *p;
	void __percpu *pcpu;
};

struct vgt_entry {
	const char *name;
	unsigned long size;		/* of the mapping call() makes */
	bool percpu;
	int (*prepare)(struct vgt_obj *o);
	bool (*call)(struct vgt_obj *o, gfp_t gfp);
	void (*release)(struct vgt_obj *o);
};

static bool vgt_call_vmalloc(struct vgt_obj *o, gfp_t gfp)
{
	o->p = __vmalloc(VGT_SIZE, gfp);
	return o->p;
}

static bool vgt_call_vmalloc_node(struct vgt_obj *o, gfp_t gfp)
{
	o->p = __vmalloc_node(VGT_SIZE, 1, gfp, NUMA_NO_NODE,
			      __builtin_return_address(0));
	return o->p;
}

static bool vgt_call_vmalloc_huge(struct vgt_obj *o, gfp_t gfp)
{
	o->p = vmalloc_huge(VGT_SIZE, gfp);
	return o->p;
}

static bool vgt_call_vmalloc_array(struct vgt_obj *o, gfp_t gfp)
{
	o->p = __vmalloc_array(VGT_SIZE / 64, 64, gfp);
	return o->p;
}

static bool vgt_call_kvmalloc_node(struct vgt_obj *o, gfp_t gfp)
{
	o->p = kvmalloc_node(VGT_KV_SIZE, gfp, NUMA_NO_NODE);
	return o->p;
}

static int vgt_prepare_vmalloc(struct vgt_obj *o)
{
	o->old = vmalloc(PAGE_SIZE);
	return o->old ? 0 : -ENOMEM;
}

static bool vgt_call_vrealloc(struct vgt_obj *o, gfp_t gfp)
{
	o->p = vrealloc(o->old, VGT_SIZE, gfp);
	if (o->p)
		o->old = NULL;
	return o->p;
}

static int vgt_prepare_kmalloc(struct vgt_obj *o)
{
	o->old = kmalloc(PAGE_SIZE, GFP_KERNEL);
	return o->old ? 0 : -ENOMEM;
}

static bool vgt_call_kvrealloc(struct vgt_obj *o, gfp_t gfp)
{
	o->p = kvrealloc(o->old, VGT_KV_SIZE, gfp);
	if (o->p)
		o->old = NULL;
	return o->p;
}

static void vgt_release_kv(struct vgt_obj *o)
{
	kvfree(o->p);
	kvfree(o->old);
}

static bool vgt_call_percpu(struct vgt_obj *o, gfp_t gfp)
{
	o->pcpu = __alloc_percpu_gfp(VGT_PCPU_SIZE, PAGE_SIZE, gfp);
	return o->pcpu;
}

/* percpu_worker_auditor's calls: a page of each unit. */
static bool vgt_call_percpu_page(struct vgt_obj *o, gfp_t gfp)
{
	o->pcpu = __alloc_percpu_gfp(PAGE_SIZE, PAGE_SIZE, gfp);
	return o->pcpu;
}

static void vgt_release_percpu(struct vgt_obj *o)
{
	free_percpu(o->pcpu);
}

static const struct vgt_entry vgt_entries[] = {
	{ "vmalloc", VGT_SIZE, false, NULL, vgt_call_vmalloc, vgt_release_kv },
	{ "vmalloc_node", VGT_SIZE, false, NULL, vgt_call_vmalloc_node,
	  vgt_release_kv },
	{ "vmalloc_huge", VGT_SIZE, false, NULL, vgt_call_vmalloc_huge,
	  vgt_release_kv },
	{ "vmalloc_array", VGT_SIZE, false, NULL, vgt_call_vmalloc_array,
	  vgt_release_kv },
	{ "kvmalloc_node", VGT_KV_SIZE, false, NULL, vgt_call_kvmalloc_node,
	  vgt_release_kv },
	{ "vrealloc", VGT_SIZE, false, vgt_prepare_vmalloc, vgt_call_vrealloc,
	  vgt_release_kv },
	{ "kvrealloc", VGT_KV_SIZE, false, vgt_prepare_kmalloc,
	  vgt_call_kvrealloc, vgt_release_kv },
	{ "percpu", VGT_PCPU_SIZE, true, NULL, vgt_call_percpu,
	  vgt_release_percpu },
	/* Add a new entry point here. */
};

/* ---------------------------------------------------------------------
 * Caller masks. A scope mask is GFP_KERNEL inside memalloc_*_save().
 */
enum vgt_scope { VGT_NO_SCOPE, VGT_SCOPE_NOFS, VGT_SCOPE_NOIO };

struct vgt_mask {
	const char *name;
	gfp_t gfp;
	enum vgt_scope scope;
};

static const struct vgt_mask vgt_masks[] = {
	{ "kernel", GFP_KERNEL },
	{ "nofs", GFP_NOFS },
	{ "noio", GFP_NOIO },
	{ "nowait", GFP_NOWAIT },
	{ "atomic", GFP_ATOMIC },
	{ "noretry", GFP_KERNEL | __GFP_NORETRY },
	{ "retry_mayfail", GFP_KERNEL | __GFP_RETRY_MAYFAIL },
	{ "nofs_nofail", GFP_NOFS | __GFP_NOFAIL },
	{ "scope_nofs", GFP_KERNEL, VGT_SCOPE_NOFS },
	{ "scope_noio", GFP_KERNEL, VGT_SCOPE_NOIO },
	/* Add a new caller mask here. */
};

/*
 * percpu_worker_auditor, outside the tables (vgt_valid() and the stress
 * threads never see it): its GFP_NOWAIT calls only make percpu's balance
 * work run, the audit is of the work (vgt_worker()).
 */
static const struct vgt_entry vgt_worker_entry = {
	"percpu", PAGE_SIZE, true, NULL, vgt_call_percpu_page,
	vgt_release_percpu
};

static const struct vgt_mask vgt_worker_mask = { "worker", GFP_NOWAIT };

static bool vgt_mask_blocks(const struct vgt_mask *m)
{
	return gfpflags_allow_blocking(m->gfp);
}

static bool vgt_mask_fs_free(const struct vgt_mask *m)
{
	return vgt_mask_blocks(m) && (!(m->gfp & __GFP_FS) || m->scope);
}

static bool vgt_mask_limits_retry(const struct vgt_mask *m)
{
	return m->gfp & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL);
}

/* ---------------------------------------------------------------------
 * Checks. Which pairs are left out, and why:
 * - lockdep: only blocking masks without __GFP_FS (nofs, noio, nofs_nofail
 *   and the scope forms): a caller that may enter fs reclaim cannot hold
 *   a lock taken in fs reclaim, and non-blocking masks have the atomic
 *   check instead.
 * - atomic: only nowait and atomic, the masks callable in atomic context.
 * - downgrade: only noretry and retry_mayfail.
 * - faults: every mask.
 * - warn: vmalloc with GFP_KERNEL and GFP_ATOMIC, callers without
 *   __GFP_NOWARN that block and that do not (the other entries report a
 *   failed mapping the same way, through __vmalloc_node_range()).
 * - percpu takes no non-blocking mask: an atomic percpu allocation is
 *   served from populated chunks and never maps pages (the balance work
 *   does that, in its own context: percpu_worker_auditor).
 */
enum vgt_check {
	VGT_LOCKDEP, VGT_AUDITOR, VGT_ATOMIC, VGT_DOWNGRADE, VGT_FAULTS,
	VGT_WARN,
};

static const char * const vgt_check_names[] = {
	[VGT_LOCKDEP] = "lockdep",
	[VGT_AUDITOR] = "auditor",
	[VGT_ATOMIC] = "atomic",
	[VGT_DOWNGRADE] = "downgrade",
	[VGT_FAULTS] = "faults",
	[VGT_WARN] = "warn",
};

static bool vgt_valid(const struct vgt_entry *e, const struct vgt_mask *m,
		      enum vgt_check c)
{
	if (e->percpu && !vgt_mask_blocks(m))
		return false;
	switch (c) {
	case VGT_LOCKDEP:
		return vgt_mask_fs_free(m);
	case VGT_ATOMIC:
		return !vgt_mask_blocks(m);
	case VGT_DOWNGRADE:
		return vgt_mask_limits_retry(m);
	case VGT_WARN:
		return !strcmp(e->name, "vmalloc") && !m->scope &&
		       (m->gfp == GFP_KERNEL || m->gfp == GFP_ATOMIC);
	default:
		return true;
	}
}

struct vgt_case {
	const struct vgt_entry *e;
	const struct vgt_mask *m;
	enum vgt_check c;
	char name[64];
};

static bool vgt_is_worker(const struct vgt_case *k)
{
	return k->m == &vgt_worker_mask;
}

/* Does the case inject failures (and keep the page tables of its calls)? */
static bool vgt_injects(const struct vgt_case *k)
{
	return k->c == VGT_FAULTS || k->c == VGT_WARN;
}

/* ---------------------------------------------------------------------
 * Judging the records of one call against the caller's context.
 */
struct vgt_caller {
	gfp_t gfp;		/* current_gfp_context() of the caller's mask */
	bool memalloc;		/* the caller itself may use the reserves */
};

static gfp_t vgt_effective(const struct vgt_record *r)
{
	gfp_t g = r->gfp;

	if (r->pflags & PF_MEMALLOC_NOIO)
		g &= ~(__GFP_IO | __GFP_FS);
	else if (r->pflags & PF_MEMALLOC_NOFS)
		g &= ~__GFP_FS;
	return g;
}

static bool vgt_may_reclaim(const struct vgt_record *r)
{
	return (r->gfp & __GFP_DIRECT_RECLAIM) && !(r->pflags & PF_MEMALLOC);
}

static bool vgt_reserves(const struct vgt_record *r)
{
	gfp_t g = r->gfp;

	return (g & __GFP_MEMALLOC) ||
	       ((r->pflags & PF_MEMALLOC) && !(g & __GFP_NOMEMALLOC));
}

/*
 * The rule a record breaks, or NULL. __GFP_FS and __GFP_IO only matter
 * with reclaim; the two rules split the callers (NOIO, NOFS), so that each
 * is tested on its own.
 */
static const char *vgt_rule(const struct vgt_record *r,
			    const struct vgt_caller *c)
{
	gfp_t g = vgt_effective(r);
	bool reclaim = vgt_may_reclaim(r);

	if (vgt_reserves(r) && !c->memalloc)
		return "reserves (PF_MEMALLOC or __GFP_MEMALLOC)";
	if ((g & __GFP_HIGH) && !(c->gfp & __GFP_HIGH) && !c->memalloc)
		return "reserves (__GFP_HIGH)";
	if (reclaim && !(c->gfp & __GFP_DIRECT_RECLAIM))
		return "direct reclaim";
	/* A NOIO caller: no nested reclaim may do IO, fs reclaim does too. */
	if (reclaim && !(c->gfp & __GFP_IO) && (g & (__GFP_IO | __GFP_FS)))
		return "__GFP_IO";
	/* A NOFS caller (IO allowed): no nested fs reclaim. */
	if (reclaim && (c->gfp & __GFP_IO) && !(c->gfp & __GFP_FS) &&
	    (g & __GFP_FS))
		return "__GFP_FS";
	if (reclaim && (c->gfp & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL)) &&
	    !(g & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL)))
		return "retry policy (no __GFP_NORETRY/__GFP_RETRY_MAYFAIL)";
	return NULL;
}

/* A page-table page allocated with no reclaim for a caller that had it. */
static const char *vgt_downgrade(const struct vgt_record *r,
				 const struct vgt_caller *c)
{
	if (!(c->gfp & __GFP_DIRECT_RECLAIM) || vgt_may_reclaim(r))
		return NULL;
	return "page table allocated without reclaim (noreclaim scope)";
}

static void vgt_describe(const struct vgt_record *r, const char *rule)
{
	unsigned int i, shown = 0;
	char sym[KSYM_SYMBOL_LEN];

	pr_info("# %s: %s order %u gfp %pGg%s%s%s\n", rule,
		r->page ? "page" : "slab", r->order, &r->gfp,
		r->pflags & PF_MEMALLOC ? " PF_MEMALLOC" : "",
		r->pflags & PF_MEMALLOC_NOFS ? " PF_MEMALLOC_NOFS" : "",
		r->pflags & PF_MEMALLOC_NOIO ? " PF_MEMALLOC_NOIO" : "");
	if (r->call_site)
		pr_info("#   at %pS\n", (void *)r->call_site);
	/* Skip the probe and the page allocator, show the callers. */
	for (i = 0; i < r->nr_frames && shown < 4; i++) {
		sprint_symbol_no_offset(sym, r->frames[i]);
		if (strstr(sym, "vgt_") || strstr(sym, "trace") ||
		    strstr(sym, "alloc_pages") || strstr(sym, "alloc_frozen") ||
		    strstr(sym, "stack_trace"))
			continue;
		pr_info("#   at %pS\n", (void *)r->frames[i]);
		shown++;
	}
}

/* ---------------------------------------------------------------------
 * Running one case.
 */
struct vgt_run {
	const struct vgt_case *k;
	struct vgt_caller caller;
	unsigned int findings;
	bool proved;
	bool failed_call;
	const char *skip;
	/* faults */
	unsigned int points, calls, nulls, nr_tables, tail, left;
	struct page **tables;		/* table pages allocated by the calls */
	/* percpu_worker_auditor */
	unsigned int rounds, records, work_tables;
};

static DEFINE_MUTEX(vgt_fs_mutex);
static DEFINE_SPINLOCK(vgt_lock);

/* Teach lockdep that vgt_fs_mutex is taken inside fs reclaim. */
static void vgt_teach_lockdep(void)
{
#ifdef CONFIG_LOCKDEP
	fs_reclaim_acquire(GFP_KERNEL);
	mutex_lock(&vgt_fs_mutex);
	mutex_unlock(&vgt_fs_mutex);
	fs_reclaim_release(GFP_KERNEL);
#endif
}

/* Enter the caller's context, make the call, leave. */
static bool vgt_call(struct vgt_run *run, struct vgt_obj *o)
{
	const struct vgt_case *k = run->k;
	unsigned int scope = 0;
	bool ok;

	if (k->m->scope == VGT_SCOPE_NOFS)
		scope = memalloc_nofs_save();
	else if (k->m->scope == VGT_SCOPE_NOIO)
		scope = memalloc_noio_save();
	if (k->c == VGT_LOCKDEP)
		mutex_lock(&vgt_fs_mutex);
	else if (k->c == VGT_ATOMIC && k->m->gfp & __GFP_HIGH)
		spin_lock(&vgt_lock);
	else if (k->c == VGT_ATOMIC)
		preempt_disable();

	run->caller.gfp = current_gfp_context(k->m->gfp);
	run->caller.memalloc = (current->flags & PF_MEMALLOC) ||
			       (k->m->gfp & __GFP_MEMALLOC);
	vgt_record_start();
	ok = k->e->call(o, k->m->gfp);
	vgt_record_stop();

	if (k->c == VGT_LOCKDEP)
		mutex_unlock(&vgt_fs_mutex);
	else if (k->c == VGT_ATOMIC && k->m->gfp & __GFP_HIGH)
		spin_unlock(&vgt_lock);
	else if (k->c == VGT_ATOMIC)
		preempt_enable();
	if (k->m->scope == VGT_SCOPE_NOFS)
		memalloc_nofs_restore(scope);
	else if (k->m->scope == VGT_SCOPE_NOIO)
		memalloc_noio_restore(scope);
	return ok;
}

/* vgt_range_has() over the mapping the call made (every CPU's, percpu). */
static bool vgt_obj_has(const struct vgt_entry *e, const struct vgt_obj *o,
			struct page *page)
{
	int cpu;

	if (!e->percpu)
		return vgt_range_has((unsigned long)o->p, e->size, page);
	for_each_possible_cpu(cpu)
		if (vgt_range_has((unsigned long)per_cpu_ptr(o->pcpu, cpu),
				  e->size, page))
			return true;
	return false;
}

static void vgt_judge(struct vgt_run *run, const struct vgt_obj *o)
{
	const struct vgt_case *k = run->k;
	const char *rule;
	unsigned int i;

	if (vgt.lost)
		pr_info("# %u allocations not recorded (table full)\n", vgt.lost);
	for (i = 0; i < vgt.nr; i++) {
		const struct vgt_record *r = &vgt.rec[i];

		if (k->c == VGT_AUDITOR)
			rule = vgt_rule(r, &run->caller);
		else if (k->c == VGT_DOWNGRADE && r->page &&
			 vgt_obj_has(k->e, o, r->page))
			rule = vgt_downgrade(r, &run->caller);
		else
			rule = NULL;
		if (rule && run->findings++ < 4)
			vgt_describe(r, rule);
	}
}

/* ---------------------------------------------------------------------
 * Fences: vmap() one page many times to fill the holes of the vmalloc
 * space that already have page tables, until the next area of the case's
 * size lands where none exist. Cheap: address space, one physical page.
 * The next area goes to the lowest hole that fits: right above the last
 * fence, once every hole below is filled. So fencing stops at a fence
 * that allocated a page table, and so filled a hole nothing had mapped,
 * and that the space above misses one too. Either alone is not enough:
 * a call that failed before mapping leaves an unmapped hole below mapped
 * space; an area leaked by a broken kernel is taken space that misses
 * page tables.
 */
static bool vgt_range_fresh(unsigned long start, unsigned long size)
{
	unsigned long a;

	for (a = start; a < start + size; a = ALIGN(a + 1, PMD_SIZE))
		if (vgt_pte_missing(a))
			return true;
	return false;
}

struct vgt_fences {
	struct page *page;
	struct page **pages;
	void **maps;
	unsigned int nr;
};

static int vgt_fence(struct vgt_fences *f, unsigned long size)
{
	unsigned int n = size >> PAGE_SHIFT, i;
	void *map;

	if (!f->maps) {		/* else go on fencing */
		f->page = alloc_page(GFP_KERNEL);
		f->pages = kvmalloc_array(n, sizeof(*f->pages), GFP_KERNEL);
		f->maps = kvcalloc(fences, sizeof(*f->maps), GFP_KERNEL);
	}
	if (!f->page || !f->pages || !f->maps)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		f->pages[i] = f->page;
	while (f->nr < fences) {
		vgt_record_start();
		map = vmap(f->pages, n, VM_MAP, PAGE_KERNEL);
		vgt_record_stop();
		if (!map)
			return -ENOMEM;
		f->maps[f->nr++] = map;
		/* The next area starts after this one's guard page. */
		if (vgt_range_has((unsigned long)map, size, NULL) &&
		    vgt_range_fresh((unsigned long)map + size + PAGE_SIZE, size))
			return 0;
	}
	return -ENOSPC;
}

static void vgt_unfence(struct vgt_fences *f)
{
	while (f->nr)
		vunmap(f->maps[--f->nr]);
	kvfree(f->maps);
	kvfree(f->pages);
	if (f->page)
		__free_page(f->page);
}

/*
 * percpu maps new page tables only when a new chunk lands in address space
 * that no chunk used before: it must fill (and so populate) every chunk
 * that earlier cases left, 32 of its calls per 1 MiB unit. No fence can
 * help, chunks are placed top-down.
 */
static unsigned int vgt_tries(const struct vgt_entry *e)
{
	return e->percpu ? attempts * 64 : attempts;
}

static const char *vgt_attempts(struct vgt_run *run, struct vgt_obj *objs)
{
	const struct vgt_entry *e = run->k->e;
	unsigned int i;

	vgt.huge_leaf = false;
	for (i = 0; i < vgt_tries(e) && !run->proved; i++) {
		if (e->prepare && e->prepare(&objs[i]))
			return "out of memory preparing the call";
		if (!vgt_call(run, &objs[i])) {
			run->failed_call = true;
			return NULL;
		}
		run->proved = vgt_obj_has(e, &objs[i], NULL);
		vgt_judge(run, &objs[i]);
	}
	if (run->proved && vgt.huge_leaf)
		pr_info("# call %u mapped with a huge leaf\n", i);
	return run->proved ? NULL : "no new page-table page was allocated";
}

/* ---------------------------------------------------------------------
 * Fault injection: the sweep fails the first, second, ... allocation of
 * one call (current->fail_nth) until a call makes fewer allocations than
 * the count. Fences before each call make it map fresh address space
 * and allocate page tables.
 */
#define VGT_TABLES	1024

/*
 * Must the call succeed? __GFP_NOFAIL, except for percpu: pcpu_alloc()
 * does not pass __GFP_NOFAIL to its backing allocations (mm/percpu.c,
 * upstream's choice), so a percpu call fails when they do.
 */
static bool vgt_must_succeed(const struct vgt_entry *e,
			     const struct vgt_mask *m)
{
	return (m->gfp & __GFP_NOFAIL) && !e->percpu;
}

static bool vgt_record_is_table(const struct vgt_record *r);

/*
 * Remember the page-table pages the call allocated, by their callers: any
 * other page it allocated and freed may be a user page table by the end of
 * the case (the runner's time limit runs a process beside it).
 */
static void vgt_note_tables(struct vgt_run *run)
{
	unsigned int i;

	for (i = 0; i < vgt.nr && run->nr_tables < VGT_TABLES; i++)
		if (vgt_record_is_table(&vgt.rec[i]))
			run->tables[run->nr_tables++] = vgt.rec[i].page;
}

/* Write every byte of the object: a hole in its mapping faults. */
static void vgt_touch(const struct vgt_entry *e, struct vgt_obj *o)
{
	int cpu;

	if (!e->percpu) {
		memset(o->p, 0x5a, e->size);
		return;
	}
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(o->pcpu, cpu), 0x5a, e->size);
}

/*
 * One call that fails its @nth allocation, or with @nth 0 whatever the
 * debugfs attributes select for this task. Sets *@reached when the call
 * made at least @nth allocations. Returns whether the call succeeded.
 */
static bool vgt_fault_call(struct vgt_run *run, struct vgt_obj *o,
			   unsigned int nth, bool *reached)
{
	bool ok = false;

	*reached = false;
#ifdef CONFIG_FAULT_INJECTION
	if (nth)
		WRITE_ONCE(current->fail_nth, nth);
	else
		current->make_it_fail = 1;
	ok = vgt_call(run, o);
	run->left = READ_ONCE(current->fail_nth);
	*reached = nth && !run->left;
	WRITE_ONCE(current->fail_nth, 0);
	current->make_it_fail = 0;
#endif
	run->calls++;
	vgt_note_tables(run);
	if (ok) {
		vgt_touch(run->k->e, o);
		return true;
	}
	run->nulls++;
	if (vgt_must_succeed(run->k->e, run->k->m) && run->findings++ < 4)
		pr_info("# a __GFP_NOFAIL call returned NULL (failed allocation %u)\n",
			nth);
	return false;
}

#define VGT_TAIL_TRIES	140

/*
 * The tail's @t-th allocation to fail: the last one of the count @made,
 * then of counts up to 3 fewer or more, in turn (made, made - 1,
 * made + 1, made - 2, made + 2, made - 3, made + 3), round after round.
 */
static unsigned int vgt_tail_nth(unsigned int t, unsigned int made)
{
	unsigned int off = (t % 7 + 1) / 2;

	return t % 7 % 2 ? made - off : made + off;
}

/*
 * Did the faults case fail a page-table allocation of the vmalloc mapping
 * itself (not only of its KASAN shadow)? Seen by the kretprobes on each
 * injected failure. Without them, only in fault injection's notices,
 * which it prints for no __GFP_NOWARN allocation, and the series
 * allocates vmalloc's page tables with __GFP_NOWARN. Fault injection never
 * fails a __GFP_NOFAIL allocation. So without the kretprobes, or with a
 * __GFP_NOFAIL caller, the last call of the sweep must at least have
 * allocated a new page-table page (@last). Not for percpu: a new chunk,
 * the only call that maps new page tables, is rare (see vgt_tries()).
 */
static bool vgt_silent(struct vgt_run *run)
{
	return !vgt_fail_probed;
}

static bool vgt_faults_proved(struct vgt_run *run, bool last)
{
	if (run->k->e->percpu)
		return true;
	if (vgt.pt_fails > vgt.shadow_fails)
		return true;
	return (vgt_silent(run) || (run->k->m->gfp & __GFP_NOFAIL)) && last;
}

/*
 * One call of the sweep or of the tail: fence, call failing its @nth
 * allocation, release at once. Returns whether the call succeeded, or
 * -ENOMEM when the call could not be prepared. *@fresh: the call
 * succeeded and allocated a new page-table page for its mapping.
 */
static int vgt_fault_step(struct vgt_run *run, struct vgt_obj *o,
			  struct vgt_fences *f, unsigned int nth,
			  bool *reached, bool *fresh)
{
	const struct vgt_entry *e = run->k->e;
	bool ok;

	if (e->prepare && e->prepare(o))
		return -ENOMEM;
	/*
	 * Each call maps fresh address space: purge the areas freed so far
	 * now, not in the background between the fence and the call, then
	 * fence their holes.
	 */
	if (!e->percpu) {
		vm_unmap_aliases();
		vgt_fence(f, e->size);
	}
	ok = vgt_fault_call(run, o, nth, reached);
	run->points += *reached;
	*fresh = ok && vgt_obj_has(e, o, NULL);
	e->release(o);
	memset(o, 0, sizeof(*o));
	return ok;
}

/*
 * The sweep fails each allocation of the call in turn (current->fail_nth)
 * until a call makes fewer allocations than the count. Before each call
 * the freed areas are purged and fences fill the holes they leave, which
 * have page tables, so that the call maps fresh address space and
 * allocates page tables, last among its allocations. Without the purge a
 * background one, started once enough freed areas wait, can open such a
 * hole after the fence. A call's count of allocations still varies by one
 * or more (the KASAN shadow's own page tables, bulk page allocations), so
 * the sweep can miss the page-table allocation: the tail then fails the
 * last ones again, up to VGT_TAIL_TRIES calls, until vgt_faults_proved().
 * Each object goes right after its call: memory stays bounded. Then
 * fail_calls calls with make_it_fail (the runner's debugfs settings).
 */
static const char *vgt_faults(struct vgt_run *run, struct vgt_obj *objs,
			      struct vgt_fences *f)
{
	const struct vgt_entry *e = run->k->e;
	bool reached = true, fresh = false, last = false;
	unsigned int i = 0, n, made, t, nth;
	int ok = 0;

	/* The sweep: fail the 1st, 2nd, ... allocation until a call makes fewer. */
	for (n = 1; reached && n <= fail_points + 1; n++) {
		ok = vgt_fault_step(run, &objs[i++], f, n, &reached, &last);
		if (ok < 0)
			return "out of memory preparing the call";
	}
	if (reached) {
		if (run->findings++ < 4)
			pr_info("# the call made more than fail_points=%u allocations\n",
				fail_points);
	} else if (!ok) {
		if (run->findings++ < 4)
			pr_info("# the call returned NULL with no failure injected\n");
	} else {
		/*
		 * The tail: fail the last allocation of the count the last
		 * unfailed call made, then of counts up to 3 fewer or more,
		 * in turn, until one of them is a page-table allocation of
		 * the mapping. A tail call that made fewer allocations than
		 * its count failed nothing: its own count is the new one.
		 */
		made = n - 1 - run->left;
		run->proved = vgt_faults_proved(run, last);
		for (t = 0; t < VGT_TAIL_TRIES; t++) {
			/*
			 * No notice, no proof: two rounds of the tail all the
			 * same, to fail the page-table allocation likely.
			 */
			if (run->proved && (!vgt_silent(run) || t >= 14))
				break;
			nth = vgt_tail_nth(t, made);
			if (!nth || nth > fail_points)
				continue;
			ok = vgt_fault_step(run, &objs[i++], f, nth, &reached,
					    &fresh);
			if (ok < 0)
				return "out of memory preparing the call";
			last = last || (!reached && fresh);
			if (!reached)
				made = nth - run->left;
			run->tail++;
			run->proved = vgt_faults_proved(run, last);
		}
	}
	for (n = 0; n < fail_calls; n++, i++) {
		if (e->prepare && e->prepare(&objs[i]))
			return "out of memory preparing the call";
		vgt_fault_call(run, &objs[i], 0, &reached);
		e->release(&objs[i]);
		memset(&objs[i], 0, sizeof(objs[i]));
	}
	if (!run->points)
		return "no allocation failed (see the runner's fault settings)";
	/*
	 * Not for percpu: its calls with masks other than GFP_KERNEL made
	 * whole cases without a NULL, the failures absorbed inside percpu.
	 */
	if (!vgt_must_succeed(e, run->k->m) && !run->nulls && !e->percpu)
		return "no injected failure reached the caller";
	return NULL;
}

/*
 * warn: one report per failed page-table allocation. A sweep as in
 * vgt_faults() fails each allocation of the call in turn until one is a
 * page-table allocation of the mapping, and counts the reports of each
 * call: warn_alloc() calls without __GFP_NOWARN (a kprobe: warn_alloc()
 * prints one report in 10 s, so what it prints cannot be counted) and
 * fault injection's notices. An injected failure leaves the page
 * allocator before its slow path and its warn_alloc(); the notice stands
 * for that, printed under the same condition (no __GFP_NOWARN). vmalloc
 * reports a failed mapping itself, with warn_alloc() ("vmalloc error: ...
 * failed to map pages"): for the call whose page-table allocation failed,
 * that must be the only report.
 */
/* One call of vgt_warn(), its reports counted; true: its page table failed. */
static int vgt_warn_step(struct vgt_run *run, struct vgt_obj *o,
			 struct vgt_fences *f, unsigned int nth, bool *reached)
{
	unsigned int pt = vgt.pt_fails - vgt.shadow_fails;
	bool fresh;
	int ok;

	vgt.notices = 0;
	vgt.warns = 0;
	WRITE_ONCE(vgt.count_reports, true);
	ok = vgt_fault_step(run, o, f, nth, reached, &fresh);
	WRITE_ONCE(vgt.count_reports, false);
	if (ok < 0)
		return ok;
	if (vgt.pt_fails - vgt.shadow_fails == pt)
		return 0;
	run->proved = true;
	pr_info("# allocation %u, a page table of the mapping, failed: %u warn_alloc() call(s), %u fault injection notice(s)\n",
		nth, vgt.warns, vgt.notices);
	if ((vgt.warns != 1 || vgt.notices) && run->findings++ < 4)
		pr_info("# one failed page-table allocation must get one report, vmalloc's warn_alloc()\n");
	return 1;
}

/*
 * The sweep, then, if it stepped over the page-table allocation, the tail
 * of vgt_faults(): the last allocations of the count again, and those
 * around them, the count taken anew from each call that made fewer. A
 * call's count varies by one or more (the KASAN shadow's page tables, a
 * stack depot pool, a slab refill), so failing the last allocation of the
 * sweep's count can miss the page table: in one CI run, the control
 * kernel's vmalloc_atomic_warn made 28 calls with a tail of 14 that
 * stayed on the sweep's count, and none failed it.
 */
static const char *vgt_warn(struct vgt_run *run, struct vgt_obj *objs,
			    struct vgt_fences *f)
{
	unsigned int i = 0, n, t, made, nth;
	bool reached = true;
	int ret;

	for (n = 1; reached && n <= fail_points; n++) {
		ret = vgt_warn_step(run, &objs[i++], f, n, &reached);
		if (ret)
			return ret < 0 ? "out of memory preparing the call" : NULL;
	}
	if (reached)
		return NULL;
	made = n - 1 - run->left;
	for (t = 0; t < VGT_TAIL_TRIES; t++) {
		nth = vgt_tail_nth(t, made);
		if (!nth || nth > fail_points)
			continue;
		ret = vgt_warn_step(run, &objs[i++], f, nth, &reached);
		if (ret)
			return ret < 0 ? "out of memory preparing the call" : NULL;
		if (!reached)
			made = nth - run->left;
		run->tail++;
	}
	return NULL;
}

/* Objects a case keeps until it ends. */
static unsigned int vgt_nr_objs(const struct vgt_case *k)
{
	/* The worker's: a page each, as far as the other percpu cases reach. */
	if (vgt_is_worker(k))
		return vgt_tries(k->e) * (VGT_PCPU_SIZE / PAGE_SIZE);
	return vgt_injects(k) ?
		fail_points + 1 + VGT_TAIL_TRIES + fail_calls :
		vgt_tries(k->e);
}

/* ---------------------------------------------------------------------
 * percpu_worker_auditor: what percpu's balance work allocates on the
 * callers' behalf. A GFP_NOWAIT percpu allocation takes populated pages
 * only; one that leaves fewer than PCPU_EMPTY_POP_PAGES_LOW of them empty,
 * or fails, schedules the work, which populates pages of the chunks
 * (pcpu_balance_populated()) and, when none has any left to populate,
 * creates a chunk. It allocates a page table when it maps into a PMD
 * range without one, in practice the first pages of a chunk it created
 * where no chunk was before. Its context (mm/percpu.c): GFP_KERNEL |
 * __GFP_NORETRY | __GFP_NOWARN inside pcpu_balance_workfn()'s
 * memalloc_noio_save(), holding pcpu_alloc_mutex, no PF_MEMALLOC.
 */
#define VGT_WORKER_SECS		60
#define VGT_WORKER_WAIT		(5 * HZ)

/* Stop recording the balance work; wait for a run that may still record. */
static void vgt_worker_stop(void)
{
	struct work_struct *work;

	WRITE_ONCE(vgt.on, false);
	/* Pairs with vgt_work_start_probe(). */
	smp_mb();
	work = READ_ONCE(vgt.work);
	if (work)
		flush_work(work);
}

/*
 * A page-table page, by its callers? Not by PageTable(): a page the work
 * freed (kasan_populate_vmalloc()'s array of pages) is often a table page
 * by the end of the run. Kernel page tables are allocated zeroed
 * (GFP_PGTABLE_KERNEL, kernel_pgtable_gfp()): the other pages, most of
 * them, need no symbol lookup.
 */
static bool vgt_record_is_table(const struct vgt_record *r)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned int i;

	if (!r->page || r->order || !(r->gfp & __GFP_ZERO))
		return false;
	for (i = 0; i < r->nr_frames; i++) {
		sprint_symbol_no_offset(sym, r->frames[i]);
		if (vgt_table_sym(sym))
			return true;
	}
	return false;
}

/*
 * Judge the records of the work's runs since vgt_record_start(): each
 * with vgt_rule(), a page-table page with vgt_downgrade() too. A table
 * page is the proof; the first one is described when it breaks no rule.
 */
static void vgt_worker_judge(struct vgt_run *run)
{
	const struct vgt_record *r;
	const char *rule;
	unsigned int i;

	if (vgt.lost)
		pr_info("# %u allocations not recorded (table full)\n", vgt.lost);
	for (i = 0; i < vgt.nr; i++) {
		r = &vgt.rec[i];
		rule = vgt_rule(r, &run->caller);
		if (vgt_record_is_table(r)) {
			if (!rule)
				rule = vgt_downgrade(r, &run->caller);
			if (!run->work_tables++ && !rule)
				vgt_describe(r, "the balance work's first page table");
			run->proved = true;
		}
		if (rule && run->findings++ < 4)
			vgt_describe(r, rule);
	}
	run->records += vgt.nr;
}

/*
 * Allocate until NULL, wait for the work's run, judge its records, again,
 * keeping every object, until the work allocated a page-table page, for
 * up to VGT_WORKER_SECS or vgt_nr_objs() objects.
 */
static const char *vgt_worker(struct vgt_run *run, struct vgt_obj *objs)
{
	const struct vgt_case *k = run->k;
	unsigned long end = jiffies + VGT_WORKER_SECS * HZ;
	unsigned int n = 0, nr = vgt_nr_objs(k);
	const char *why = NULL;
	bool ran;

	run->caller.gfp = GFP_NOIO | __GFP_NORETRY | __GFP_NOWARN;
	run->caller.memalloc = false;
	init_completion(&vgt.work_done);
	WRITE_ONCE(vgt.worker, true);
	while (!run->proved) {
		if (n >= nr || time_after(jiffies, end)) {
			why = "the balance work allocated no page table (object or time limit)";
			break;
		}
		reinit_completion(&vgt.work_done);
		vgt_record_start();
		while (n < nr && k->e->call(&objs[n], k->m->gfp))
			n++;
		ran = wait_for_completion_timeout(&vgt.work_done,
						  VGT_WORKER_WAIT);
		vgt_worker_stop();
		vgt_worker_judge(run);
		if (!ran && !run->proved)
			why = "the balance work did not run within 5 s";
		if (!ran)
			break;
		run->rounds++;
	}
	WRITE_ONCE(vgt.worker, false);
	pr_info("# balance work: %u rounds, %u objects, %u allocations recorded, %u page-table pages\n",
		run->rounds, n, run->records, run->work_tables);
	return why;
}

#if defined(VGT_HAVE_WALK) && defined(CONFIG_KASAN_VMALLOC)
static int vgt_walk_shadow(struct xarray *tables, unsigned long start,
			   unsigned long end)
{
	unsigned long s = (unsigned long)kasan_mem_to_shadow((void *)start);
	unsigned long e = (unsigned long)kasan_mem_to_shadow((void *)(end - 1));

	return vgt_walk(tables, ALIGN_DOWN(s, PUD_SIZE), ALIGN(e, PUD_SIZE));
}
#endif

/*
 * After the case: each table page the calls allocated (by its callers,
 * vgt_note_tables()) that is still a table page must be reachable from the
 * root (vmalloc space and, with KASAN_VMALLOC, its shadow).
 */
static void vgt_check_tables(struct vgt_run *run)
{
#ifdef VGT_HAVE_WALK
	unsigned long start = ALIGN_DOWN(VMALLOC_START, PUD_SIZE);
	unsigned long end = ALIGN(VMALLOC_END, PUD_SIZE);
	struct xarray tables;
	unsigned int i, live = 0;
	struct page *p;
	int err;

	xa_init(&tables);
	err = vgt_walk(&tables, start, end);
#ifdef CONFIG_KASAN_VMALLOC
	if (!err)
		err = vgt_walk_shadow(&tables, start, end);
#endif
	for (i = 0; !err && i < run->nr_tables; i++) {
		p = run->tables[i];
		if (!PageTable(p))
			continue;
		live++;
		if (!xa_load(&tables, page_to_pfn(p)) && run->findings++ < 4)
			pr_info("# page-table page pfn %#lx, allocated in the case, is not in the kernel's page tables\n",
				page_to_pfn(p));
	}
	xa_destroy(&tables);
	if (err && run->findings++ < 4)
		pr_info("# page-table walk failed: %d\n", err);
	pr_info("# faults: %u failure points, %u calls, %u NULL, %u page-table pages, %u tail calls, %u page-table failures (%u shadow)\n",
		run->points, run->calls, run->nulls, live, run->tail,
		vgt.pt_fails, vgt.shadow_fails);
#endif
}

static const char *vgt_no_auditor;

static const char *vgt_precheck(const struct vgt_case *k)
{
	if (vgt_no_auditor)
		return vgt_no_auditor;
#ifndef VGT_HAVE_WALK
	return "no page-table walk for this architecture";
#endif
	if (vgt_injects(k) && (!IS_ENABLED(CONFIG_FAIL_PAGE_ALLOC) ||
			       !IS_ENABLED(CONFIG_FAILSLAB)))
		return "no CONFIG_FAIL_PAGE_ALLOC or CONFIG_FAILSLAB";
	if (k->c == VGT_WARN && (!vgt_fail_probed || !vgt_warn_probed))
		return "no kprobes: failures and warn_alloc() calls unseen";
	if (k->c == VGT_LOCKDEP && !IS_ENABLED(CONFIG_PROVE_LOCKING))
		return "no CONFIG_PROVE_LOCKING";
	if (k->c == VGT_LOCKDEP && !debug_locks)
		return "lockdep is off (an earlier report in this boot)";
	if (k->c == VGT_ATOMIC && !IS_ENABLED(CONFIG_DEBUG_ATOMIC_SLEEP))
		return "no CONFIG_DEBUG_ATOMIC_SLEEP";
	if (vgt_is_worker(k) && (!IS_ENABLED(CONFIG_KALLSYMS) ||
				 !IS_ENABLED(CONFIG_STACKTRACE)))
		return "no CONFIG_KALLSYMS or CONFIG_STACKTRACE (the work is found by name)";
	return NULL;
}

/* Returns 0 (pass), 1 (fail) or 2 (skip), and prints the KTAP line. */
static int vgt_run_case(const struct vgt_case *k, unsigned int nr)
{
	struct vgt_run run = { .k = k };
	struct vgt_fences f = { };
	struct vgt_obj *objs;
	bool locks = debug_locks;
	const char *why;
	bool failed;
	unsigned int i;

	why = vgt_precheck(k);
	if (why)
		goto skip;
	objs = kvcalloc(vgt_nr_objs(k), sizeof(*objs), GFP_KERNEL);
	if (vgt_injects(k))
		run.tables = kcalloc(VGT_TABLES, sizeof(*run.tables),
				     GFP_KERNEL);
	if (!objs || (vgt_injects(k) && !run.tables)) {
		kvfree(objs);
		why = "out of memory";
		goto skip;
	}
	if (k->c == VGT_LOCKDEP)
		vgt_teach_lockdep();
	if (k->c == VGT_ATOMIC)		/* might_sleep reports once a second */
		msleep(1100);
	vgt.console[0] = '\0';
	vgt.pt_fails = 0;
	vgt.shadow_fails = 0;
	if (!k->e->percpu && vgt_fence(&f, k->e->size))
		pr_info("# fences did not reach fresh address space (%u)\n", f.nr);
	if (k->c == VGT_FAULTS)
		why = vgt_faults(&run, objs, &f);
	else if (k->c == VGT_WARN)
		why = vgt_warn(&run, objs, &f);
	else if (vgt_is_worker(k))
		why = vgt_worker(&run, objs);
	else
		why = vgt_attempts(&run, objs);
	for (i = 0; i < vgt_nr_objs(k); i++)
		k->e->release(&objs[i]);
	vgt_unfence(&f);
	kvfree(objs);
	if (vgt_injects(k)) {
		vm_unmap_aliases();
		vgt_check_tables(&run);
		if (!why && !run.proved)
			why = "no page-table allocation of the mapping failed";
		kfree(run.tables);
	}

	if (run.failed_call)
		pr_info("# the call returned NULL\n");
	if (vgt.console[0])
		pr_info("# console: %s\n", strim(vgt.console));
	failed = run.failed_call || run.findings || vgt.console[0] ||
		 (k->c == VGT_LOCKDEP && !debug_locks) ||
		 (vgt_injects(k) && locks && !debug_locks);
	if (failed) {
		pr_info("not ok %u %s\n", nr, k->name);
		return 1;
	}
	if (!why) {
		pr_info("ok %u %s\n", nr, k->name);
		return 0;
	}
skip:
	pr_info("ok %u %s # SKIP %s\n", nr, k->name, why);
	return 2;
}

/* ---------------------------------------------------------------------
 * Case list and selection.
 */
static bool vgt_selected(const char *name)
{
	const char *s = run;
	size_t len = strlen(name);

	if (!*run)
		return true;
	while ((s = strstr(s, name))) {
		if ((s == run || s[-1] == ',') && (s[len] == ',' || !s[len]))
			return true;
		s += len;
	}
	return false;
}

static int vgt_visit(struct vgt_case *k, const struct vgt_entry *e,
		     const struct vgt_mask *m, enum vgt_check c,
		     int (*fn)(struct vgt_case *k, void *arg), void *arg)
{
	k->e = e;
	k->m = m;
	k->c = c;
	snprintf(k->name, sizeof(k->name), "%s_%s_%s", e->name, m->name,
		 vgt_check_names[c]);
	return fn(k, arg);
}

/*
 * Call fn on every valid case; stops and returns fn's first non-zero.
 * Lockdep cases come first: the other cases leave lock dependencies behind
 * (on a kernel without the scope, percpu's GFP_KERNEL page tables under
 * pcpu_alloc_mutex) that a later lockdep case would report.
 * percpu_worker_auditor follows the tables' auditor cases.
 */
static int vgt_visit_cases(int (*fn)(struct vgt_case *k, void *arg),
			   void *arg)
{
	struct vgt_case k;
	int e, m, c, ret;

	for (c = 0; c < ARRAY_SIZE(vgt_check_names); c++) {
		for (e = 0; e < ARRAY_SIZE(vgt_entries); e++)
			for (m = 0; m < ARRAY_SIZE(vgt_masks); m++) {
				if (!vgt_valid(&vgt_entries[e], &vgt_masks[m],
					       c))
					continue;
				ret = vgt_visit(&k, &vgt_entries[e],
						&vgt_masks[m], c, fn, arg);
				if (ret)
					return ret;
			}
		if (c != VGT_AUDITOR)
			continue;
		ret = vgt_visit(&k, &vgt_worker_entry, &vgt_worker_mask, c,
				fn, arg);
		if (ret)
			return ret;
	}
	return 0;
}

struct vgt_totals {
	unsigned int planned, nr, pass, fail, skip;
};

static int vgt_count_case(struct vgt_case *k, void *arg)
{
	struct vgt_totals *t = arg;

	if (vgt_selected(k->name))
		t->planned++;
	return 0;
}

static int vgt_list_case(struct vgt_case *k, void *arg)
{
	pr_info("case %s\n", k->name);
	return 0;
}

static int vgt_do_case(struct vgt_case *k, void *arg)
{
	struct vgt_totals *t = arg;

	if (!vgt_selected(k->name))
		return 0;
	switch (vgt_run_case(k, ++t->nr)) {
	case 0:
		t->pass++;
		break;
	case 1:
		t->fail++;
		break;
	default:
		t->skip++;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Stress: threads call the entry points at once, each with every caller
 * mask in turn (a different one from thread to thread), and write every
 * object. Odd threads set make_it_fail: with the runner's debugfs
 * settings every Nth of their allocations fails. Only a __GFP_NOFAIL call
 * may not return NULL.
 */
struct vgt_stress {
	struct task_struct *task;
	struct completion done;
	unsigned int id;
	unsigned long calls, nulls, nofail_nulls;
};

static int vgt_stress_fn(void *data)
{
	struct vgt_stress *st = data;
	unsigned long end = jiffies + stress_secs * HZ;
	unsigned int i = st->id, scope = 0;
	const struct vgt_entry *e;
	const struct vgt_mask *m;
	struct vgt_obj o;
	bool ok;

#ifdef CONFIG_FAULT_INJECTION
	current->make_it_fail = st->id & 1;
#endif
	while (time_before(jiffies, end)) {
		e = &vgt_entries[i % ARRAY_SIZE(vgt_entries)];
		m = &vgt_masks[(i / ARRAY_SIZE(vgt_entries)) % ARRAY_SIZE(vgt_masks)];
		i++;
		if (!vgt_valid(e, m, VGT_AUDITOR))
			continue;
		memset(&o, 0, sizeof(o));
		if (e->prepare && e->prepare(&o))
			continue;
		if (m->scope == VGT_SCOPE_NOFS)
			scope = memalloc_nofs_save();
		else if (m->scope == VGT_SCOPE_NOIO)
			scope = memalloc_noio_save();
		ok = e->call(&o, m->gfp);
		if (m->scope == VGT_SCOPE_NOFS)
			memalloc_nofs_restore(scope);
		else if (m->scope == VGT_SCOPE_NOIO)
			memalloc_noio_restore(scope);
		st->calls++;
		if (ok) {
			vgt_touch(e, &o);
		} else {
			st->nulls++;
			if (vgt_must_succeed(e, m) && !st->nofail_nulls++)
				pr_info("# %s_%s: a __GFP_NOFAIL call returned NULL\n",
					e->name, m->name);
		}
		e->release(&o);
		cond_resched();
	}
#ifdef CONFIG_FAULT_INJECTION
	current->make_it_fail = 0;
#endif
	complete(&st->done);
	return 0;
}

static int vgt_stress(void)
{
	unsigned long calls = 0, nulls = 0, bad = 0;
	struct vgt_stress *st;
	unsigned int i, started = 0;
	bool locks = debug_locks;

	st = kcalloc(stress_threads, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	pr_info("KTAP version 1\n");
	pr_info("1..1\n");
	for (i = 0; i < stress_threads; i++) {
		st[i].id = i;
		init_completion(&st[i].done);
		st[i].task = kthread_run(vgt_stress_fn, &st[i], "vmgfp_stress/%u", i);
		if (IS_ERR(st[i].task))
			break;
		get_task_struct(st[i].task);
		started++;
	}
	for (i = 0; i < started; i++) {
		/* kthread_stop(): its code returns before the module may go. */
		wait_for_completion(&st[i].done);
		kthread_stop(st[i].task);
		put_task_struct(st[i].task);
		calls += st[i].calls;
		nulls += st[i].nulls;
		bad += st[i].nofail_nulls;
	}
	kfree(st);
	pr_info("# stress: %u threads, %u s, %lu calls, %lu NULL, %lu __GFP_NOFAIL NULL\n",
		started, stress_secs, calls, nulls, bad);
	if (started < stress_threads || bad || !calls ||
	    (locks && !debug_locks)) {
		pr_info("not ok 1 stress\n");
		return -EINVAL;
	}
	pr_info("ok 1 stress\n");
	return 0;
}

static int __init vgt_init(void)
{
	struct vgt_totals t = { };

	add_taint(TAINT_TEST, LOCKDEP_STILL_OK);
	if (list)
		return vgt_visit_cases(vgt_list_case, NULL);
	if (stress_threads)
		return vgt_stress();
	vgt_visit_cases(vgt_count_case, &t);
	if (!t.planned) {
		pr_err("no case matches run=%s (list=1 lists them)\n", run);
		return -EINVAL;
	}
	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", t.planned);
	vgt_no_auditor = vgt_probes_register();
	vgt_fail_probes_register();
	vgt_visit_cases(vgt_do_case, &t);
	vgt_fail_probes_unregister();
	if (!vgt_no_auditor)
		vgt_probes_unregister();
	pr_info("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n",
		t.pass, t.fail, t.skip);
	return t.fail ? -EINVAL : 0;
}

static void __exit vgt_exit(void)
{
}

module_init(vgt_init);
module_exit(vgt_exit);

MODULE_DESCRIPTION("Checks that vmalloc's nested allocations honour the caller's gfp mask");
MODULE_LICENSE("GPL");
