# ---
# jupyter:
#   translated_from: be57105352ad0e38
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 실습: 여러 팀이 함께 쓰던 NGINX를 ALB로 옮기기
#
# kubernetes/ingress-nginx는 2026년 3월에 지원이 종료되었습니다. 이 실습에서는 ingress-nginx 하나를
# 함께 쓰던 다섯 팀의 인그레스(Ingress)를 가져와 AWS Load Balancer Controller용으로 다시 쓰고,
# 하루치 액세스 로그를 이전 구성과 새 구성에 재생(replay)해서 어떤 요청이 다르게 동작할지
# 확인합니다. 셀은 위에서부터 차례로 실행하세요. 마지막 절에는 연습 문제가 있고, 문제마다 답을 직접
# 확인합니다.
#
# ## 인그레스와 액세스 로그 불러오기
#
# 매니페스트와 로그는 이 노트북보다 한 단계 위 디렉터리의 `examples/migration/`에 있습니다.

# %%
import ingresslab
from ingresslab import DIFFERENCE_KINDS, migrate, replay

manifests = ingresslab.load("../examples/migration/ingresses.yaml")
print(sorted(ingress.ref for ingress in manifests.ingresses))

# %% [markdown]
# 로그는 ingress-nginx의 기본 형식 끝에 `$host`를 덧붙인 것입니다(기본 형식에는 Host가 기록되지
# 않습니다). 각 줄의 upstream 열에는 요청이 실제로 어디로 갔는지도 남아 있습니다.

# %%
with open("../examples/migration/access.log") as log:
    print(log.readline())

# %% [markdown]
# ## 이 트래픽에서 모델은 얼마나 정확할까?
#
# 예측을 믿기 전에, 먼저 로그를 NGINX 모델에만 재생해서 모델의 답을 로그에 기록된 upstream과
# 비교합니다. `replay`는 파일을 한꺼번에 읽지 않고 필요할 때 한 줄씩 읽습니다.

# %%
with open("../examples/migration/access.log") as log:
    before = replay(manifests, log, source="nginx", target="alb")
agreement = before.upstream
print(f"{agreement.agreed} of {agreement.compared} agree; malformed lines: {before.malformed}")
for line, logged, model in agreement.disagreements:
    print(f"line {line}: the log says {logged}, the model says {model}")

# %% [markdown]
# 어긋난 두 건은 cart 팀의 헤더 기반 카나리(canary)입니다. 실제 nginx는 이 요청들을 `cart-v2`로
# 보냈지만, 모델은 카나리 인그레스를 제외합니다. 형식이 잘못된 줄 하나는 평문 HTTP 포트로 보낸 TLS
# 핸드셰이크입니다. 이런 줄은 개수만 세고, 그 때문에 실행이 멈추지는 않습니다.
#
# 같은 재생에서 인그레스를 그대로 둔 채 ALB 모델의 답도 비교했습니다. ALB 어노테이션(annotation)이
# 없으면 HTTPS 리스너가 없으므로 대부분의 요청이 거부됩니다.

# %%
print(ingresslab.table([before], "same", "changed_backend", "changed_outcome", "refused"))

# %% [markdown]
# ## ALB용으로 다시 쓰기
#
# `migrate`는 모든 인그레스를 인그레스 그룹(IngressGroup) 하나로 묶고(NLB 하나를 함께 쓰던 것처럼
# ALB 하나를 함께 씁니다), 리스너와 HTTPS 리다이렉션을 추가하며, 모든 `nginx.ingress.kubernetes.io/*`
# 어노테이션을 빠짐없이 처리합니다. 각 어노테이션은 변환되거나, 경고와 함께 남거나, 상관없는 것으로
# 분류됩니다.

# %%
migration = migrate(manifests)
annotated = [finding for finding in migration.findings if finding.annotation]
print(
    ingresslab.table(
        annotated,
        "action",
        "ingress",
        ("annotation", lambda finding: finding.annotation.rpartition("/")[2]),
    )
)

# %% [markdown]
# ## 로그 재생: 이전 구성은 NGINX로, 새 구성은 ALB로

# %%
with open("../examples/migration/access.log") as log:
    after = migration.compare(log, format="ingress-nginx")
print(ingresslab.table([after], "same", "changed_backend", "changed_outcome", "refused"))
print(
    ingresslab.table(
        after.changed_groups(),
        "count",
        "kind",
        ("first request", lambda group: group.examples[0].url),
    )
)

# %% [markdown]
# 달라진 그룹마다 문서화된 차이의 이름이 붙어 있습니다. 하나를 자세히 봅시다. 그룹의 첫 요청에 대해
# 각 모델이 결정을 내린 이유가 남아 있습니다.

# %%
group = after.changed_groups()[0]
print(DIFFERENCE_KINDS[group.kind])
print("nginx:", group.old_reason)
print("alb:  ", group.new_reason)

# %% [markdown]
# ## 연습 문제
#
# 연습 문제마다 끝에 답을 확인하는 `assert`가 있습니다. `...` 자리에 답을 넣고 실행하세요.
#
# **1.** ingress-nginx에서는 `api.example.com`의 `/healthz/ready`가, 경로가 `Exact /healthz`인데도
# `health` 서비스(Service)로 갔습니다. 어떤 차이 때문일까요? `answer_1`에 그 이름(`DIFFERENCE_KINDS`의 키)을
# 적으세요.

# %%
answer_1 = "regex-mode"  # your answer
ready = next(g for g in after.changed_groups() if "/healthz/ready" in g.examples[0].url)
assert answer_1 == ready.kind, f"not {answer_1!r}: read ready.old_reason"
print("correct:", DIFFERENCE_KINDS[answer_1])

# %% [markdown]
# **2.** 마이그레이션 뒤에 백엔드나 결과가 달라지는 요청은 로그에서 몇 건일까요? 숫자를 직접 적지
# 말고 `after`에서 계산하세요.

# %%
answer_2 = after.changed_backend + after.changed_outcome + after.refused  # your answer
assert answer_2 == after.changed
print(answer_2, "of", after.requests)

# %% [markdown]
# **3.** 블로그에는 TLS가 없는데도, 마이그레이션 뒤에는 블로그의 평문 HTTP 요청이 리다이렉션됩니다.
# ALB에서 이렇게 만드는 인그레스 어노테이션은 무엇일까요? 전체 키를 적으세요.

# %%
answer_3 = "alb.ingress.kubernetes.io/ssl-redirect"  # your answer
storefront = next(d for d in migration.documents if d["metadata"]["name"] == "storefront")
assert answer_3 in storefront["metadata"]["annotations"]
assert any(g.kind == "alb-ssl-redirect-group-wide" for g in after.changed_groups())
print("the ALB's ssl-redirect covers the whole IngressGroup")

# %% [markdown]
# **4.** `migrate`는 호스트가 없는 `platform/fallback` 인그레스에 `group.order: "1000"`을
# 주었습니다. 이를 지우고 다시 재생하면 `https://shop.example.com/`에 어떤 차이가 나타날까요?

# %%
answer_4 = "rule-order"  # your answer
documents = [dict(d, metadata=dict(d["metadata"])) for d in migration.documents]
fallback = next(d for d in documents if d["metadata"]["name"] == "fallback")
fallback["metadata"]["annotations"] = {
    k: v for k, v in fallback["metadata"]["annotations"].items() if not k.endswith("group.order")
}
migration.documents = documents
shuffled = migration.compare(["https://shop.example.com /"], format="lines")
(changed,) = shuffled.changed_groups()
assert answer_4 == changed.kind
print(changed.old.backend, "->", changed.new.backend)

# %% [markdown]
# ## 다음 단계
#
# 이 실습으로 "ingress-nginx를 떠납니다" 읽기 경로가 끝납니다. 내 로그로 단계별로 진행하는 실제 이전은
# [ingress-nginx에서 이전하기](../../how-to/move-off-ingress-nginx/)에서 다룹니다. 다른 경로는
# [파드에서 로드 밸런서까지](../../tutorials/from-pod-to-load-balancer/)(처음부터 차근차근 익히는
# 경로)와 [적용하기 전에 매니페스트 린트하기](../../how-to/lint-before-you-apply/)("매니페스트가
# 있습니다")에서 시작합니다.
