/*
 * lbgen — deterministic test data for the lb benchmarks.
 *
 *   lbgen roster --children N [--seed S] [--plain] [--raw] [--gb18030] [--faults P]
 *                [--files F --overlap P --out-dir DIR]
 *   lbgen log    --children N [--seed S] [--roster-seed S] [--from D] [--to D]
 *
 * The same arguments give the same bytes.  Every child is a pure function of
 * (roster seed, index), so a log made with --roster-seed S names exactly the
 * children, schools and teachers of the roster made with --seed S.
 *
 * roster: realistic records by default (free-text health in a third, quoted
 *   addresses with commas and notes with line breaks, CR LF in raw files: see
 *   child_realistic); --plain gives the records of the benchmarks before
 *   issue 19, byte for byte.
 *   The canonical roster (lb-files(5), header of field ids), or with
 *   --raw a roster the way schools send it: a title row, Chinese headers taken
 *   from the aliases in schemas/roster.yaml, a 序号 column, spelled-out grades,
 *   (2)班, synonyms, a footer row; --faults P spoils that share of records with
 *   one realistic fault each (wrong check character, full-width digits,
 *   2015/3/4 or 2015年3月4日 dates, 爷爷 for 祖父母, a missing guardian phone,
 *   dashes in a phone number).  --gb18030 converts the output with iconv(3).
 *   --files F splits the children into F school files DIR/school-NN.csv; with
 *   --overlap P that share of children appears a second time, in the next
 *   file, as a newer record (a later updated_on and a new guardian phone).
 * log: the activity log of the school year 2025-09-01..2026-07-10
 *   (lb-files(5)) in date order: a weekly parent call (75%), a monthly talk with the
 *   head teacher in term (90%), a home visit each term (80%): about forty
 *   contacts per child; plus a monthly class lesson (collective event).
 *   --from/--to YYYY-MM-DD keep only the rows of those dates (inclusive):
 *   the same bytes as the year's log filtered by date, header kept.
 *
 * Identity numbers follow GB 11643 (checksum-valid, unique: the index is
 * mapped one-to-one onto (region, birth date, sequence)).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- output buffers ----------------------------------------------------- */

#define OB_CAP (1u << 20)

struct ob {
	int fd;
	iconv_t cd;		/* (iconv_t)-1 when writing UTF-8 */
	size_t len;
	char buf[OB_CAP + 8192];
	char cv[2 * OB_CAP + 16384];
};

static void die(const char *msg)
{
	fprintf(stderr, "lbgen: %s\n", msg);
	exit(2);
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die(strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
}

static void ob_flush(struct ob *o)
{
	if (o->len == 0)
		return;
	if (o->cd == (iconv_t)-1) {
		write_all(o->fd, o->buf, o->len);
	} else {
		char *in = o->buf, *out = o->cv;
		size_t inl = o->len, outl = sizeof o->cv;
		if (iconv(o->cd, &in, &inl, &out, &outl) == (size_t)-1)
			die("iconv to GB18030 failed");
		write_all(o->fd, o->cv, (size_t)(out - o->cv));
	}
	o->len = 0;
}

/* Called at record ends only, so a flush never splits a character. */
static inline void ob_rec_end(struct ob *o)
{
	if (o->len >= OB_CAP)
		ob_flush(o);
}

static inline void ob_n(struct ob *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void ob_s(struct ob *o, const char *s)
{
	ob_n(o, s, strlen(s));
}

static inline void ob_c(struct ob *o, char c)
{
	o->buf[o->len++] = c;
}

static struct ob *ob_open(int fd, int gb)
{
	struct ob *o = malloc(sizeof *o);
	if (!o)
		die("out of memory");
	o->fd = fd;
	o->len = 0;
	o->cd = (iconv_t)-1;
	if (gb) {
		o->cd = iconv_open("GB18030", "UTF-8");
		if (o->cd == (iconv_t)-1)
			die("iconv cannot convert to GB18030");
	}
	return o;
}

static void ob_close(struct ob *o)
{
	ob_flush(o);
	if (o->cd != (iconv_t)-1)
		iconv_close(o->cd);
	if (o->fd != 1 && close(o->fd) != 0)
		die(strerror(errno));
	free(o);
}

/* ---- randomness: splitmix64 ------------------------------------------- */

static inline uint64_t mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
	return mix(mix(mix(a) ^ b) ^ c);
}

struct rng { uint64_t s; };

static inline uint64_t rnd(struct rng *r)
{
	return mix(r->s += 0x9e3779b97f4a7c15ull);
}

static inline unsigned rn(struct rng *r, unsigned n)	/* 0..n-1 */
{
	return (unsigned)(((rnd(r) >> 32) * n) >> 32);
}

static inline int chance(struct rng *r, double p)
{
	return (double)(rnd(r) >> 11) * (1.0 / 9007199254740992.0) < p;
}

#define PICK(r, a) ((a)[rn((r), sizeof(a) / sizeof((a)[0]))])

/* ---- dates --------------------------------------------------------------- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* ---- small formatting into a scratch arena ------------------------------ */

struct arena { char *p; };

static inline char *put_n(struct arena *a, const char *s, size_t n)
{
	char *r = a->p;
	memcpy(a->p, s, n);
	a->p += n;
	*a->p++ = 0;
	return r;
}

static inline char *put(struct arena *a, const char *s)
{
	return put_n(a, s, strlen(s));
}

/* Concatenate up to four strings. */
static char *cat4(struct arena *a, const char *s1, const char *s2, const char *s3, const char *s4)
{
	char *r = a->p;
	const char *v[4] = {s1, s2, s3, s4};
	for (int i = 0; i < 4; i++)
		if (v[i]) {
			size_t n = strlen(v[i]);
			memcpy(a->p, v[i], n);
			a->p += n;
		}
	*a->p++ = 0;
	return r;
}

static inline void digits(char *p, unsigned v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

static char *put_date(struct arena *a, long day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	char *r = a->p;
	digits(r, (unsigned)y, 4);
	r[4] = '-';
	digits(r + 5, (unsigned)m, 2);
	r[7] = '-';
	digits(r + 8, (unsigned)d, 2);
	r[10] = 0;
	a->p += 11;
	return r;
}

static char *put_uint(struct arena *a, unsigned v)
{
	char t[16];
	int n = 0;
	do t[n++] = (char)('0' + v % 10); while ((v /= 10) > 0);
	char *r = a->p;
	while (n > 0)
		*a->p++ = t[--n];
	*a->p++ = 0;
	return r;
}

static char *put_phone(struct arena *a, struct rng *r)
{
	static const char *pre[] = {"130", "131", "132", "133", "135", "136", "137", "138", "139",
		"150", "151", "152", "155", "157", "158", "159", "177", "180", "181", "182", "183",
		"186", "187", "188", "189", "191", "199"};
	char *s = a->p;
	memcpy(s, PICK(r, pre), 3);
	digits(s + 3, rn(r, 100000000), 8);
	s[11] = 0;
	a->p += 12;
	return s;
}

/* GB 11643 check character of the first 17 digits. */
static char id_check(const char *s)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

static char *put_id(struct arena *a, const char *region, long birth, unsigned seq)
{
	int y, m, d;
	civil_from_days(birth, &y, &m, &d);
	char *s = a->p;
	memcpy(s, region, 6);
	digits(s + 6, (unsigned)y, 4);
	digits(s + 10, (unsigned)m, 2);
	digits(s + 12, (unsigned)d, 2);
	digits(s + 14, seq, 3);
	s[17] = id_check(s);
	s[18] = 0;
	a->p += 19;
	return s;
}

/* ---- vocabulary ------------------------------------------------------- */

/* Birth regions of the children (identity-number prefixes): Linxia and
 * neighbouring counties of Gansu. */
static const char *regions[] = {
	"622901", "622921", "622922", "622923", "622924", "622925", "622926", "622927",
	"620102", "620103", "620104", "620105", "620111", "620121", "620122", "620123",
	"620421", "620422", "620423", "620521", "620522", "620523", "620524", "620525",
	"621121", "621122", "621123", "621124", "621125", "621126", "621221", "621222",
	"621223", "621224", "621225", "621226", "621227", "621228", "623021", "623022",
};
#define NREGION (sizeof regions / sizeof regions[0])

static const char *surnames[] = {"马", "马", "马", "王", "李", "张", "刘", "陈", "杨", "赵",
	"黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "何", "郭", "罗", "韩", "妥", "苏", "汪",
	"冶", "喇", "孔", "蔡", "魏", "段", "祁", "包", "丁", "白", "鲁"};
static const char *given[] = {"明", "华", "建", "国", "伟", "芳", "娟", "秀", "英", "军",
	"强", "丽", "静", "敏", "杰", "涛", "超", "霞", "平", "刚", "桂", "兰", "玉", "梅", "海",
	"文", "俊", "鹏", "晓", "燕", "艳", "红", "亮", "辉", "成", "福", "祥", "德", "兴", "斌",
	"雪", "婷", "欣", "怡", "浩", "宇", "轩", "子", "萱", "瑞", "阳", "佳", "嘉", "晨", "雨"};
static const char *towns[] = {"城关", "折桥", "南龙", "枹罕", "东乡", "北塬", "韩集", "土桥",
	"尹集", "河西", "莲花", "刁祁", "麻尼寺沟", "黄泥湾", "漠泥沟", "先锋", "新集", "马家堡",
	"井沟", "红台", "北塬", "掌子沟", "桥寺", "安家坡"};
#define NTOWN (sizeof towns / sizeof towns[0])
static const char *villages[] = {"大庄", "上庄", "下庄", "新庄", "王家", "马家", "李家", "杨家",
	"何家", "陈家", "沟门", "山根", "河滩", "红崖", "石头", "柳树", "杏园", "水泉", "阳洼",
	"阴洼", "大坪", "小坪", "庙台", "塬头", "湾子", "坪庄", "团庄", "尕庄", "西沟", "东沟",
	"中庄", "后庄"};
#define NVILLAGE (sizeof villages / sizeof villages[0])
static const char *counties[] = {"临夏市", "临夏县", "康乐县", "永靖县", "广河县", "和政县",
	"东乡族自治县", "积石山保安族东乡族撒拉族自治县"};
static const char *workplaces[] = {"广东省深圳市", "广东省东莞市", "广东省广州市", "浙江省义乌市",
	"浙江省宁波市", "江苏省苏州市", "新疆乌鲁木齐市", "新疆昌吉州", "青海省西宁市", "甘肃省兰州市",
	"陕西省西安市", "福建省厦门市", "上海市", "北京市", "天津市", "宁夏银川市", "内蒙古包头市",
	"四川省成都市"};
static const char *ethnic_w[] = {"汉族", "汉族", "汉族", "汉族", "回族", "回族", "回族",
	"东乡族", "东乡族", "保安族", "撒拉族", "土族", "藏族"};
static const char *notes[] = {"", "", "", "", "", "", "", "", "", "", "", "", "",
	"父母春节返乡", "爷爷年迈，需多关注", "学习成绩较好", "性格内向", "有哮喘病史",
	"母亲再婚", "需心理疏导", "\"说\"\"想妈妈\"\", 情绪低落\"", "已签订委托照护协议"};

static const char *lbt[3] = {"父母均外出务工", "父亲外出务工、母亲无监护能力",
	"母亲外出务工、父亲无监护能力"};
static const char *lbt_raw[3] = {"双亲外出", "父亲外出务工母亲无监护能力",
	"母亲外出务工，父亲无监护能力"};
static const char *enroll_w[] = {"幼儿园", "小学", "初中"};
static const char *grade_zh[] = {"学前", "一年级", "二年级", "三年级", "四年级", "五年级",
	"六年级", "初一", "初二", "初三"};

/* ---- a child --------------------------------------------------------- */

enum {
	F_child_id, F_name, F_gender, F_birth_date, F_ethnicity, F_school, F_grade, F_class,
	F_student_no, F_enrollment, F_boarding, F_hukou_address, F_address, F_region_code,
	F_left_behind_type, F_father_name, F_father_phone, F_father_work_place, F_mother_name,
	F_mother_phone, F_mother_work_place, F_guardian_name, F_guardian_relation,
	F_guardian_phone, F_guardian_id, F_guardian_address, F_guardian_health,
	F_guardianship_rating, F_entrusted_on, F_health, F_immunized, F_hardship, F_needs,
	F_priority, F_head_teacher, F_mentor, F_mentor_phone, F_child_director, F_status,
	F_archived_on, F_updated_on, F_notes, NF
};

/* The canonical header (lb-files(5), the order of schemas/roster.yaml). */
static const char canon_header[] =
	"child_id,name,gender,birth_date,ethnicity,school,grade,class,student_no,enrollment,"
	"boarding,hukou_address,address,region_code,left_behind_type,father_name,father_phone,"
	"father_work_place,mother_name,mother_phone,mother_work_place,guardian_name,"
	"guardian_relation,guardian_phone,guardian_id,guardian_address,guardian_health,"
	"guardianship_rating,entrusted_on,health,immunized,hardship,needs,priority,head_teacher,"
	"mentor,mentor_phone,child_director,status,archived_on,updated_on,notes\n";

#define CHILDREN_PER_SCHOOL 600

struct child {
	const char *f[NF];
	long birth;		/* day number */
	int grade;		/* -2..9, <= 0 kindergarten */
	int cls;
	int lb;			/* left-behind type 0..2 */
	int rel;		/* index into rel_canon */
	int priority;
	unsigned school;
	char arena[2048];
};

static const char *rel_canon[] = {"祖父母", "外祖父母", "其他亲属", "兄姐", "亲友"};
static const char *rel_raw[][3] = {
	{"爷爷", "奶奶", "祖父母"}, {"外公", "外婆", "外祖父母"}, {"叔叔", "姑姑", "舅舅"},
	{"哥哥", "姐姐", "兄姐"}, {"邻居", "亲友", "朋友"}};

/* The unique-identity mapping: index → (region, birth day, sequence). */
static long birth0, nbirthdays;
static uint64_t idcap, idmul, idadd;

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static void id_setup(uint64_t seed)
{
	birth0 = days_from_civil(2010, 9, 1);
	nbirthdays = days_from_civil(2022, 8, 31) - birth0 + 1;
	idcap = (uint64_t)NREGION * (uint64_t)nbirthdays * 500;
	idmul = 1000000007ull + 2 * (mix(seed ^ 0x1d) % 1000);
	while (gcd64(idmul, idcap) != 1)
		idmul += 2;
	idadd = mix(seed ^ 0xadd) % idcap;
}

static void name_of(struct rng *r, const char *surname, char *out)
{
	const char *g1 = PICK(r, given);
	out[0] = 0;
	strcat(out, surname);
	strcat(out, g1);
	if (chance(r, 0.7))
		strcat(out, PICK(r, given));
}

/* Teacher names are a function of their school and class, so that they are
 * the same in every record of the class. */
static void teacher_of(uint64_t seed, unsigned school, int grade, int cls, int salt, char *out)
{
	struct rng r = {hash3(seed, (uint64_t)school * 64 + (unsigned)(grade + 3) * 5 + (unsigned)cls, (uint64_t)salt)};
	name_of(&r, PICK(&r, surnames), out);
}

static const char *school_name(struct arena *a, unsigned school, int grade)
{
	const char *town = towns[school % NTOWN];
	char num[16] = "";
	if (school / NTOWN > 0)	/* more schools than towns: 临夏县北塬2中心学校 */
		snprintf(num, sizeof num, "%u", (unsigned)(school / NTOWN + 1));
	return cat4(a, counties[(school / 3) % 8], town, num,
		grade <= 0 ? "中心幼儿园" : "中心学校");
}

/* ---- the realistic style (the default) ----------------------------------
 *
 * What schools really send: free-text health in a third of records (近视,
 * 患有高血压 …: not a value of the health enum, so lb-validate warns), addresses
 * with commas and notes with line breaks (both quoted), longer notes.  It is
 * drawn from its own random stream, after the plain child, so every other
 * field — and the log, which names the children — is the same in both styles.
 */
static int real = 1;

static const char *health_free[] = {"近视", "患有高血压", "哮喘", "轻度近视，已配镜",
	"过敏性鼻炎", "左眼弱视", "先天性心脏病, 已手术", "体弱, 易感冒", "贫血", "癫痫，按时服药",
	"听力较弱", "湿疹", "患有哮喘, 随身带药", "营养不良", "肺结核已治愈"};
static const char *addr_more[] = {"爷爷家", "随外婆居住", "村委会对面", "学校东侧200米",
	"周一至周五住校", "清真寺旁", "老宅已拆, 暂住亲戚家", "与叔叔家同院"};
static const char *note_lines[] = {"父母春节返乡", "爷爷年迈，需多关注", "学习成绩较好",
	"性格内向, 不爱说话", "有哮喘病史", "母亲再婚", "需心理疏导", "说\"想妈妈\", 情绪低落",
	"已签订委托照护协议", "父亲在新疆打工, 每月寄生活费", "奶奶不识字，作业无人辅导",
	"2025年春季学期转入", "享受营养改善计划", "家中有留守弟弟一名", "上学路远，需过河",
	"监护人腿脚不便", "喜欢画画，参加兴趣小组", "视力下降，已告知监护人"};

static void child_realistic(uint64_t seed, uint64_t i, struct child *c, struct arena *a)
{
	struct rng r = {hash3(seed, i, 0x4ea1)};

	if (rn(&r, 3) == 0)
		c->f[F_health] = PICK(&r, health_free);
	if (chance(&r, 0.4)) {
		const char *was = c->f[F_address];
		c->f[F_address] = cat4(a, was, ", ", PICK(&r, addr_more), NULL);
		if (c->f[F_hukou_address] == was)
			c->f[F_hukou_address] = c->f[F_address];
		if (c->f[F_guardian_address] == was)
			c->f[F_guardian_address] = c->f[F_address];
	}
	unsigned t = rn(&r, 100);
	if (t < 45) {
		c->f[F_notes] = "";
	} else {
		/* one to three lines; a third of the notes have more than one */
		unsigned lines = t < 80 ? 1 : t < 95 ? 2 : 3;
		char *n = a->p;
		for (unsigned k = 0; k < lines; k++) {
			const char *l = PICK(&r, note_lines);
			size_t len = strlen(l);
			if (k)
				*a->p++ = '\n';
			memcpy(a->p, l, len);
			a->p += len;
		}
		*a->p++ = 0;
		c->f[F_notes] = n;
	}
}

/* A cell, quoted when it holds a comma, a quote or a line break (RFC 4180). */
static void ob_cell(struct ob *o, const char *s)
{
	if (!real || !s[strcspn(s, ",\"\r\n")]) {
		ob_s(o, s);
		return;
	}
	ob_c(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			ob_c(o, '"');
		ob_c(o, *s);
	}
	ob_c(o, '"');
}

static void child_make(uint64_t seed, uint64_t i, struct child *c)
{
	struct arena a = {c->arena};
	struct rng r = {hash3(seed, i, 0x5eed)};
	uint64_t p = (i * idmul + idadd) % idcap;
	unsigned reg = (unsigned)(p % NREGION);
	p /= NREGION;
	long birth = birth0 + (long)(p % (uint64_t)nbirthdays);
	unsigned k = (unsigned)(p / (uint64_t)nbirthdays);
	int male = (int)(rnd(&r) & 1);
	int y, m, d;
	char buf[64];

	c->birth = birth;
	c->f[F_child_id] = put_id(&a, regions[reg], birth, k * 2 + (unsigned)male);
	const char *sur = PICK(&r, surnames);
	name_of(&r, sur, buf);
	c->f[F_name] = put(&a, buf);
	c->f[F_gender] = male ? "男" : "女";
	c->f[F_birth_date] = put_date(&a, birth);
	c->f[F_ethnicity] = PICK(&r, ethnic_w);

	civil_from_days(birth, &y, &m, &d);
	int cohort = m >= 9 ? y + 1 : y;
	c->grade = 2025 - cohort - 5;
	if (c->grade < 0)
		c->grade = 0;
	c->school = (unsigned)(i / CHILDREN_PER_SCHOOL);
	c->cls = 1 + (int)rn(&r, 4);
	c->f[F_school] = school_name(&a, c->school, c->grade);
	c->f[F_grade] = put_uint(&a, (unsigned)c->grade);
	c->f[F_class] = put_uint(&a, (unsigned)c->cls);
	c->f[F_student_no] = cat4(&a, "G", c->f[F_child_id], NULL, NULL);
	c->f[F_enrollment] = enroll_w[c->grade == 0 ? 0 : c->grade <= 6 ? 1 : 2];
	c->f[F_boarding] = c->grade >= 5 && chance(&r, 0.4) ? "是" : "否";

	const char *county = counties[(c->school / 3) % 8];
	const char *town = towns[c->school % NTOWN];
	unsigned vil = rn(&r, NVILLAGE);
	snprintf(buf, sizeof buf, "%u社%u号", 1 + rn(&r, 9), 1 + rn(&r, 120));
	char *addr = cat4(&a, county, town, "镇", NULL);
	a.p--;	/* extend the string just written */
	cat4(&a, villages[vil], "村", buf, NULL);
	c->f[F_address] = addr;
	c->f[F_hukou_address] = chance(&r, 0.5) ? addr : "";
	char *rc = a.p;
	memcpy(rc, (c->school / 3) % 8 == 0 ? "622901" : "622921", 6);
	digits(rc + 6, 100 + c->school % NTOWN, 3);
	digits(rc + 9, 200 + vil, 3);
	rc[12] = 0;
	a.p += 13;
	c->f[F_region_code] = rc;

	unsigned t = rn(&r, 100);
	c->lb = t < 80 ? 0 : t < 92 ? 1 : 2;
	c->f[F_left_behind_type] = lbt[c->lb];
	name_of(&r, sur, buf);
	c->f[F_father_name] = put(&a, buf);
	c->f[F_father_phone] = put_phone(&a, &r);
	c->f[F_father_work_place] = c->lb != 2 ? PICK(&r, workplaces) : "";
	name_of(&r, PICK(&r, surnames), buf);
	c->f[F_mother_name] = put(&a, buf);
	c->f[F_mother_phone] = c->lb != 1 ? put_phone(&a, &r) : "";
	c->f[F_mother_work_place] = c->lb != 1 ? PICK(&r, workplaces) : "";

	t = rn(&r, 100);
	c->rel = t < 55 ? 0 : t < 80 ? 1 : t < 90 ? 2 : t < 95 ? 3 : 4;
	name_of(&r, c->rel == 0 || c->rel == 3 ? sur : PICK(&r, surnames), buf);
	c->f[F_guardian_name] = put(&a, buf);
	c->f[F_guardian_relation] = rel_canon[c->rel];
	c->f[F_guardian_phone] = put_phone(&a, &r);
	long gbirth = c->rel == 3 ? days_from_civil(1995, 1, 1) + rn(&r, 3000)
		: days_from_civil(1950, 1, 1) + rn(&r, 9000);
	c->f[F_guardian_id] = chance(&r, 0.85) ? put_id(&a, regions[reg], gbirth, rn(&r, 1000)) : "";
	c->f[F_guardian_address] = chance(&r, 0.2) ? addr : "";
	t = rn(&r, 100);
	c->f[F_guardian_health] = t < 60 ? "健康" : t < 85 ? "一般" : t < 97 ? "较差" : "残疾";
	t = rn(&r, 100);
	c->f[F_guardianship_rating] = t < 55 ? "较好" : t < 92 ? "一般" : "差";

	long arch0 = birth + 30 > days_from_civil(2019, 1, 1) ? birth + 30 : days_from_civil(2019, 1, 1);
	long arch1 = days_from_civil(2025, 8, 31);
	long archived = arch0 + (long)rn(&r, (unsigned)(arch1 - arch0 + 1));
	long entrusted = archived - (long)rn(&r, 60);
	if (entrusted <= birth)	/* never before the child was born */
		entrusted = archived;
	c->f[F_entrusted_on] = chance(&r, 0.6) ? put_date(&a, entrusted) : "";
	t = rn(&r, 100);
	c->f[F_health] = t < 92 ? "健康" : t < 98 ? "患病" : "残疾";
	c->f[F_immunized] = chance(&r, 0.95) ? "是" : "否";
	t = rn(&r, 100);
	c->f[F_hardship] = t < 85 ? "" : t < 93 ? "特困" : t < 97 ? "特长" : t < 99 ? "特殊" : "特困;特殊";
	t = rn(&r, 100);
	c->f[F_needs] = t < 60 ? "" : t < 75 ? "贫困" : t < 85 ? "学业" : t < 92 ? "心理" : t < 96 ? "贫困;学业" : "安全";
	c->priority = chance(&r, 0.1);
	c->f[F_priority] = c->priority ? "是" : "否";
	teacher_of(seed, c->school, c->grade, c->cls, 1, buf);
	c->f[F_head_teacher] = put(&a, buf);
	if (c->priority) {
		name_of(&r, PICK(&r, surnames), buf);
		c->f[F_mentor] = put(&a, buf);
		c->f[F_mentor_phone] = put_phone(&a, &r);
	} else {
		c->f[F_mentor] = "";
		c->f[F_mentor_phone] = "";
	}
	teacher_of(seed, c->school * 31 + vil, 0, 0, 2, buf);
	c->f[F_child_director] = put(&a, buf);
	t = rn(&r, 1000);
	c->f[F_status] = t < 980 ? "在册" : t < 990 ? "转出" : "父母返乡";
	c->f[F_archived_on] = put_date(&a, archived);
	long upd_max = days_from_civil(2025, 10, 31);
	if (t >= 980 || chance(&r, 0.6))
		c->f[F_updated_on] = put_date(&a, archived + (long)rn(&r, (unsigned)(upd_max - archived + 1)));
	else
		c->f[F_updated_on] = "";
	c->f[F_notes] = PICK(&r, notes);
	if (real)
		child_realistic(seed, i, c, &a);
}

/* ---- roster output ----------------------------------------------------- */

static void emit_canon(struct ob *o, const struct child *c)
{
	for (int f = 0; f < NF; f++) {
		if (f)
			ob_c(o, ',');
		ob_cell(o, c->f[f]);
	}
	ob_c(o, '\n');
	ob_rec_end(o);
}

/* Raw columns: header text (an alias from schemas/roster.yaml) and field. */
static const struct { const char *h; int f; } raw_cols[] = {
	{"序号", -1}, {"学生姓名", F_name}, {"性别", F_gender}, {"民族", F_ethnicity},
	{"出生年月日", F_birth_date}, {"公民身份号码", F_child_id}, {"就读学校", F_school},
	{"年级", F_grade}, {"班级", F_class}, {"学籍号", F_student_no}, {"就学情况", F_enrollment},
	{"是否住校", F_boarding}, {"户籍所在地", F_hukou_address}, {"家庭住址", F_address},
	{"留守类型", F_left_behind_type}, {"父亲姓名", F_father_name},
	{"父亲联系电话", F_father_phone}, {"父亲务工地点", F_father_work_place},
	{"母亲姓名", F_mother_name}, {"母亲联系电话", F_mother_phone},
	{"母亲务工地点", F_mother_work_place}, {"委托监护人", F_guardian_name},
	{"与儿童关系", F_guardian_relation}, {"监护人联系电话", F_guardian_phone},
	{"监护人身份证号码", F_guardian_id}, {"监护人身体状况", F_guardian_health},
	{"健康状况", F_health}, {"是否计划免疫", F_immunized}, {"三特类别", F_hardship},
	{"帮扶需求", F_needs}, {"是否重点帮扶", F_priority}, {"班主任", F_head_teacher},
	{"结对教师", F_mentor}, {"结对教师电话", F_mentor_phone}, {"村儿童主任", F_child_director},
	{"建档时间", F_archived_on}, {"备注", F_notes},
};
#define NRAW (sizeof raw_cols / sizeof raw_cols[0])

enum { FAULT_CHECK, FAULT_FW_ID, FAULT_SLASH, FAULT_YMD, FAULT_GRANDPA, FAULT_NOPHONE,
	FAULT_FW_PHONE, FAULT_DASH_PHONE, NFAULT };

static void ob_fullwidth(struct ob *o, const char *s)
{
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			char fw[3] = {(char)0xef, (char)0xbc, (char)(0x90 + (*s - '0'))};
			ob_n(o, fw, 3);
		} else {
			ob_c(o, *s);
		}
	}
}

static void ob_date_slash(struct ob *o, long day, int zh)
{
	int y, m, d;
	char b[32];
	civil_from_days(day, &y, &m, &d);
	if (zh)
		snprintf(b, sizeof b, "%d年%d月%d日", y, m, d);
	else
		snprintf(b, sizeof b, "%d/%d/%d", y, m, d);
	ob_s(o, b);
}

static void raw_title(struct ob *o, unsigned file)
{
	char b[160];
	snprintf(b, sizeof b, "临夏州2025年秋季学期农村留守儿童信息统计表（第%u片区）", file + 1);
	ob_s(o, b);
	for (size_t k = 1; k < NRAW; k++)
		ob_c(o, ',');
	ob_s(o, real ? "\r\n" : "\n");
	for (size_t k = 0; k < NRAW; k++) {
		if (k)
			ob_c(o, ',');
		ob_s(o, raw_cols[k].h);
	}
	ob_s(o, real ? "\r\n" : "\n");
}

static void raw_footer(struct ob *o)
{
	ob_s(o, "填表人：马老师  审核人：王校长");
	for (size_t k = 1; k < NRAW; k++)
		ob_c(o, ',');
	ob_s(o, real ? "\r\n" : "\n");
}

static void emit_raw(struct ob *o, const struct child *c, uint64_t serial, uint64_t seed,
	uint64_t i, double faults)
{
	struct rng r = {hash3(seed, i, 0xfa17)};
	int fault = chance(&r, faults) ? (int)rn(&r, NFAULT) : -1;
	unsigned style = rn(&r, 100);
	char b[32];

	for (size_t k = 0; k < NRAW; k++) {
		int f = raw_cols[k].f;
		const char *v = f >= 0 ? c->f[f] : NULL;
		if (k)
			ob_c(o, ',');
		switch (f) {
		case -1:
			snprintf(b, sizeof b, "%llu", (unsigned long long)serial);
			ob_s(o, b);
			break;
		case F_child_id:
			if (fault == FAULT_CHECK) {
				ob_n(o, v, 17);
				ob_c(o, v[17] == '0' ? '1' : v[17] == 'X' ? '2' : v[17] == '9' ? 'X' : (char)(v[17] + 1));
			} else if (fault == FAULT_FW_ID) {
				ob_fullwidth(o, v);
			} else if (v[17] == 'X' && style < 30) {
				ob_n(o, v, 17);
				ob_c(o, 'x');
			} else {
				ob_s(o, v);
			}
			break;
		case F_birth_date:
			if (fault == FAULT_SLASH)
				ob_date_slash(o, c->birth, 0);
			else if (fault == FAULT_YMD)
				ob_date_slash(o, c->birth, 1);
			else if (style < 20) {	/* 20150304 */
				ob_n(o, v, 4); ob_n(o, v + 5, 2); ob_n(o, v + 8, 2);
			} else
				ob_s(o, v);
			break;
		case F_ethnicity:
			if (style < 50)	/* 回 for 回族 */
				ob_n(o, v, strlen(v) - 3);
			else
				ob_s(o, v);
			break;
		case F_grade:
			ob_s(o, grade_zh[c->grade]);
			break;
		case F_class:
			ob_s(o, style < 60 ? "(" : "");
			ob_s(o, v);
			ob_s(o, style < 60 ? ")班" : "班");
			break;
		case F_left_behind_type:
			ob_s(o, style < 40 ? lbt_raw[c->lb] : v);
			break;
		case F_guardian_relation:
			if (fault == FAULT_GRANDPA && c->rel == 0)
				ob_s(o, "爷爷");
			else
				ob_s(o, rel_raw[c->rel][style % 3]);
			break;
		case F_guardian_phone:
			if (fault == FAULT_NOPHONE)
				break;
			if (fault == FAULT_FW_PHONE)
				ob_fullwidth(o, v);
			else if (fault == FAULT_DASH_PHONE) {
				ob_n(o, v, 3); ob_c(o, '-'); ob_n(o, v + 3, 4); ob_c(o, '-'); ob_s(o, v + 7);
			} else
				ob_s(o, v);
			break;
		case F_boarding: case F_immunized: case F_priority:
			ob_s(o, v);
			break;
		default:
			ob_cell(o, v);
		}
	}
	/* Excel and WPS end records with CR LF; a cell's own line breaks are LF */
	ob_s(o, real ? "\r\n" : "\n");
	ob_rec_end(o);
}

/* ---- log ---------------------------------------------------------------- */

struct lchild {
	char id[19];
	unsigned char grade, cls, lb, priority;
	unsigned school;
	char school_name[80];
	char head[16], father[16], mother[16], mentor[16];
};

static const char *talk_sum[] = {"了解学习和生活情况", "询问在校表现，鼓励按时完成作业",
	"谈心交流，情绪稳定", "关心身体状况和饮食", "讲解安全知识，防溺水", "了解与监护人相处情况"};
static const char *call_sum[] = {"询问学习情况", "叮嘱注意安全", "聊家常", "问候身体",
	"约定春节回家", "鼓励好好学习"};
static const char *visit_sum[] = {"入户了解家庭情况，监护人身体尚可", "与监护人交流孩子在校表现",
	"检查居住环境安全", "宣传资助政策"};
static const char *followups[] = {"", "", "", "", "", "", "", "", "下月再访", "告知父母",
	"联系帮扶教师", "转介心理老师"};

static void log_row(struct ob *o, const char *date, const struct lchild *c, const char *kind,
	const char *performer, const char *role, unsigned dur, const char *sum, const char *fu)
{
	char b[8];
	ob_n(o, date, 10);
	ob_c(o, ',');
	ob_s(o, c->id);
	ob_c(o, ',');
	ob_s(o, c->school_name);
	ob_c(o, ',');
	ob_c(o, (char)('0' + c->grade));
	ob_c(o, ',');
	ob_c(o, (char)('0' + c->cls));
	ob_c(o, ',');
	ob_s(o, kind);
	ob_c(o, ',');
	ob_s(o, performer);
	ob_c(o, ',');
	ob_s(o, role);
	ob_c(o, ',');
	int n = 0;
	char t[8];
	do t[n++] = (char)('0' + dur % 10); while ((dur /= 10) > 0);
	for (int k = 0; k < n; k++)
		b[k] = t[n - 1 - k];
	ob_n(o, b, (size_t)n);
	ob_c(o, ',');
	ob_s(o, sum);
	ob_c(o, ',');
	ob_s(o, fu);
	ob_c(o, '\n');
	ob_rec_end(o);
}

static int in_term(long d)
{
	static long t1s, t1e, t2s, t2e;
	if (!t1s) {
		t1s = days_from_civil(2025, 9, 1);
		t1e = days_from_civil(2026, 1, 16);
		t2s = days_from_civil(2026, 2, 23);
		t2e = days_from_civil(2026, 7, 10);
	}
	return d >= t2s ? (d <= t2e ? 2 : 0) : d >= t1s && d <= t1e ? 1 : 0;
}

static void gen_log(struct ob *o, uint64_t n, uint64_t seed, uint64_t rseed, long from, long to)
{
	struct lchild *cs = calloc(n ? n : 1, sizeof *cs);
	struct child *c = malloc(sizeof *c);
	if (!cs || !c)
		die("out of memory");
	for (uint64_t i = 0; i < n; i++) {
		child_make(rseed, i, c);
		struct lchild *l = &cs[i];
		memcpy(l->id, c->f[F_child_id], 19);
		l->grade = (unsigned char)c->grade;
		l->cls = (unsigned char)c->cls;
		l->lb = (unsigned char)c->lb;
		l->priority = (unsigned char)c->priority;
		l->school = c->school;
		snprintf(l->school_name, sizeof l->school_name, "%s", c->f[F_school]);
		snprintf(l->head, sizeof l->head, "%s", c->f[F_head_teacher]);
		snprintf(l->father, sizeof l->father, "%s", c->f[F_father_name]);
		snprintf(l->mother, sizeof l->mother, "%s", c->f[F_mother_name]);
		snprintf(l->mentor, sizeof l->mentor, "%s", c->f[F_mentor]);
	}
	free(c);

	ob_s(o, "date,child_id,school,grade,class,kind,performer,role,duration_min,summary,follow_up\n");
	long d0 = days_from_civil(2025, 9, 1), d1 = days_from_civil(2026, 7, 10);
	long mon0 = d0 - 0;	/* 2025-09-01 is a Monday */
	unsigned nschool = (unsigned)((n + CHILDREN_PER_SCHOOL - 1) / CHILDREN_PER_SCHOOL);
	struct arena a;
	char abuf[64];
	/* --from/--to skip whole days: every row depends on its date alone,
	 * so the rows kept are the year's rows of those dates */
	for (long d = from > d0 ? from : d0; d <= d1 && d <= to; d++) {
		a.p = abuf;
		const char *date = put_date(&a, d);
		int y, m, dd;
		civil_from_days(d, &y, &m, &dd);
		long week = (d - mon0) / 7;
		unsigned dow = (unsigned)((d - mon0) % 7);
		int term = in_term(d);
		long tstart = term == 2 ? days_from_civil(2026, 2, 23) : d0;
		long tlen = term == 2 ? 138 : 138;
		uint64_t month = (uint64_t)(y * 12 + m);
		/* collective: a class lesson on the 15th of each term month */
		if (term && dd == 15) {
			for (unsigned s = 0; s < nschool; s++)
				for (int g = 1; g <= 9; g++)
					for (int k = 1; k <= 4; k++) {
						struct lchild cl;
						memset(&cl, 0, sizeof cl);
						cl.grade = (unsigned char)g;
						cl.cls = (unsigned char)k;
						struct arena sa = {cl.school_name};
						school_name(&sa, s, g);
						log_row(o, date, &cl, "心理健康课", "", "学校", 40,
							"全班心理健康教育课", "");
					}
		}
		for (uint64_t i = 0; i < n; i++) {
			const struct lchild *c2 = &cs[i];
			uint64_t h = hash3(seed, i, (uint64_t)week);
			if ((h & 0xff) < 192 && (unsigned)((h >> 8) % 7) == dow) {
				int mom = c2->lb == 2 || (c2->lb == 0 && ((h >> 20) & 1));
				const char *kind = ((h >> 24) & 3) == 0 ? "视频通话" : "亲情电话";
				log_row(o, date, c2, kind, mom ? c2->mother : c2->father,
					mom ? "母亲" : "父亲", 5 + (unsigned)((h >> 28) % 26),
					call_sum[(h >> 33) % 6], "");
			}
			if (!term)
				continue;
			uint64_t h2 = hash3(seed ^ 0x7a1c, i, month);
			if ((h2 & 0xff) < 230 && (unsigned)(1 + (h2 >> 8) % 28) == (unsigned)dd)
				log_row(o, date, c2, "谈心", c2->head, "班主任", 10 + (unsigned)((h2 >> 16) % 21),
					talk_sum[(h2 >> 24) % 6], followups[(h2 >> 32) % 12]);
			uint64_t h3 = hash3(seed ^ 0x415, i, (uint64_t)term);
			if ((h3 & 0xff) < 205 && (long)((h3 >> 8) % (uint64_t)tlen) == d - tstart) {
				int mentor = c2->priority && ((h3 >> 20) & 1);
				log_row(o, date, c2, "家访", mentor ? c2->mentor : c2->head,
					mentor ? "帮扶教师" : "班主任", 30 + (unsigned)((h3 >> 24) % 61),
					visit_sum[(h3 >> 32) % 4], followups[(h3 >> 40) % 12]);
			}
		}
	}
	free(cs);
}

/* ---- roster driver ------------------------------------------------------ */

static int open_out(const char *dir, unsigned k)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/school-%02u.csv", dir, k + 1);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		fprintf(stderr, "lbgen: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

static void gen_roster(uint64_t n, uint64_t seed, int raw, int gb, double faults,
	unsigned files, double overlap, const char *dir)
{
	struct ob **o = calloc(files, sizeof *o);
	uint64_t *serial = calloc(files, sizeof *serial);
	struct child *c = malloc(sizeof *c);
	if (!o || !serial || !c)
		die("out of memory");
	for (unsigned k = 0; k < files; k++) {
		o[k] = ob_open(dir ? open_out(dir, k) : 1, gb);
		if (raw)
			raw_title(o[k], k);
		else
			ob_s(o[k], canon_header);
	}
	for (uint64_t i = 0; i < n; i++) {
		unsigned k = (unsigned)(i * files / n);
		child_make(seed, i, c);
		if (raw)
			emit_raw(o[k], c, ++serial[k], seed, i, faults);
		else
			emit_canon(o[k], c);
		if (files > 1 && overlap > 0) {
			struct rng r = {hash3(seed, i, 0x0e1a)};
			if (chance(&r, overlap)) {
				/* the same child in the next file: a newer record */
				struct arena a = {c->arena + sizeof c->arena - 64};
				long upd = days_from_civil(2025, 11, 1) + (long)rn(&r, 10);
				c->f[F_updated_on] = put_date(&a, upd);
				c->f[F_guardian_phone] = put_phone(&a, &r);
				unsigned k2 = (k + 1) % files;
				if (raw)
					emit_raw(o[k2], c, ++serial[k2], seed, i, faults);
				else
					emit_canon(o[k2], c);
			}
		}
	}
	for (unsigned k = 0; k < files; k++) {
		if (raw)
			raw_footer(o[k]);
		ob_close(o[k]);
	}
	free(c);
	free(serial);
	free(o);
}

/* ---- main ---------------------------------------------------------------- */

/* YYYY-MM-DD → days since 1970-01-01, or exit 2 */
static long parse_day(const char *s)
{
	int y, m, d, n = 0;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31) {
		fprintf(stderr, "lbgen: %s: not a date (YYYY-MM-DD)\n", s);
		exit(2);
	}
	long t = days_from_civil(y, m, d);
	int y2, m2, d2;
	civil_from_days(t, &y2, &m2, &d2);
	if (y2 != y || m2 != m || d2 != d) {
		fprintf(stderr, "lbgen: %s: no such day\n", s);
		exit(2);
	}
	return t;
}

static void usage(FILE *f, int st)
{
	fputs("usage: lbgen roster --children N [--seed S] [--plain] [--raw] [--gb18030] [--faults P]\n"
	      "                    [--files F --overlap P --out-dir DIR]\n"
	      "       lbgen log --children N [--seed S] [--roster-seed S] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n", f);
	exit(st);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"children", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"roster-seed", required_argument, NULL, 'r'},
		{"raw", no_argument, NULL, 'R'},
		{"gb18030", no_argument, NULL, 'g'},
		{"faults", required_argument, NULL, 'F'},
		{"files", required_argument, NULL, 'f'},
		{"overlap", required_argument, NULL, 'O'},
		{"out-dir", required_argument, NULL, 'd'},
		{"plain", no_argument, NULL, 'P'},
		{"from", required_argument, NULL, 'A'},
		{"to", required_argument, NULL, 'B'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint64_t n = 1000, seed = 1, rseed = 1;
	int raw = 0, gb = 0, ch, rseed_set = 0;
	double faults = 0, overlap = 0;
	unsigned files = 1;
	const char *dir = NULL;
	long from = -(1L << 40), to = 1L << 40;

	if (argc < 2)
		usage(stderr, 2);
	const char *mode = argv[1];
	if (!strcmp(mode, "--help") || !strcmp(mode, "-h"))
		usage(stdout, 0);
	optind = 2;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': n = strtoull(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'r': rseed = strtoull(optarg, NULL, 10); rseed_set = 1; break;
		case 'R': raw = 1; break;
		case 'g': gb = 1; break;
		case 'F': faults = strtod(optarg, NULL); break;
		case 'f': files = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'O': overlap = strtod(optarg, NULL); break;
		case 'd': dir = optarg; break;
		case 'P': real = 0; break;
		case 'A': from = parse_day(optarg); break;
		case 'B': to = parse_day(optarg); break;
		case 'h': usage(stdout, 0); break;
		default: usage(stderr, 2);
		}
	}
	if (optind != argc || files < 1 || files > 999 || (files > 1 && !dir))
		usage(stderr, 2);
	if (!strcmp(mode, "roster")) {
		id_setup(seed);
		if (n > idcap)
			die("too many children for unique identity numbers");
		if (dir)
			mkdir(dir, 0755);
		gen_roster(n, seed, raw, gb, faults, files, overlap, dir);
	} else if (!strcmp(mode, "log")) {
		if (!rseed_set)
			rseed = seed;
		id_setup(rseed);
		struct ob *o = ob_open(1, gb);
		gen_log(o, n, seed, rseed, from, to);
		ob_close(o);
	} else {
		usage(stderr, 2);
	}
	return 0;
}
