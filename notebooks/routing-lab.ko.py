# ---
# jupyter:
#   translated_from: 0118e5de0eb7e5d4
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 실습: 인그레스를 고치며 응답 변화 보기
#
# 15분 정도 걸립니다. 같은 인그레스(Ingress)라도 어떤 컨트롤러가 읽느냐에 따라 같은 요청이 서로 다른
# 서비스(Service)로 갈 수 있습니다. 이 실습에서는 인그레스를 문자열에 담아 두고 고쳐 가면서, 고칠
# 때마다 요청 몇 개가 어디로 가는지 세 모델에 물어봅니다.
#
# - **spec**: 인그레스 API 자체의 규칙
# - **alb**: AWS Load Balancer Controller. 경로 하나하나를 *우선순위*(priority)가 붙은 ALB 리스너
#   규칙(listener rule)으로 만들고, ALB는 우선순위 순서대로 살피다가 처음 매치되는 규칙을 택합니다.
# - **nginx**: ingress-nginx. 모든 인그레스를 nginx 설정 하나로 합치고, 한 호스트 안에서는 매치되는
#   경로 중 *가장 긴* 경로를 택합니다. (ingress-nginx는 2026년 3월에 지원이 종료되어 더 이상
#   릴리스도 보안 수정도 나오지 않습니다. 이 모델은 마지막 릴리스인 v1.15.1을 기준으로 합니다.)
#
# 마지막의 연습 문제는 노트북이 직접 채점합니다.

# %% [markdown]
# ## 도우미 함수 둘: 모델별 답과 ALB의 규칙
#
# `answers`는 문자열에서 매니페스트를 읽는데, API 서버가 거부할 매니페스트는 똑같이 거부합니다(고친
# 내용에 오타가 있으면 여기서 줄 번호와 함께 드러납니다). 그다음 요청 몇 개를 `ingresslab.compare`에
# 물어, 요청마다 한 줄씩 각 모델이 고른 백엔드(또는 응답한 상태 코드)와 모델들의 답이 같은지를
# 보여 줍니다. `alb_rules`는 컨트롤러가 만들 리스너 규칙을 우선순위 순서대로, 경로 패턴과 함께
# 출력합니다.

# %%
import ingresslab

PATHS = ["/", "/api", "/api/orders", "/apix"]


def answers(text: str, paths: list[str] = PATHS, host: str = "shop.example.com") -> None:
    manifests = ingresslab.loads(text, "lab.yaml")
    assert not manifests.errors, [f"{p.where} {p.message}" for p in manifests.errors]
    print(ingresslab.compare(manifests, [f"http://{host}{path}" for path in paths]))


def path_patterns(rule: ingresslab.AlbRule) -> list[str]:
    return [value for c in rule.conditions if c.field == "path-pattern" for value in c.values]


def alb_rules(text: str) -> None:
    (alb,) = ingresslab.Engine(ingresslab.loads(text)).alb.load_balancers
    rules = alb.listeners[0].rules
    print(ingresslab.table(rules, "priority", "ingress", ("path-pattern", path_patterns), "source"))


# %% [markdown]
# ## 출발점: 규칙 하나, 경로 둘
#
# 쇼핑몰 예시입니다. `/api`는 `api`로, 나머지는 모두 `web`으로 갑니다. 세 모델의 답이 모두 같습니다.

# %%
ONE_RULE = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(ONE_RULE)

# %% [markdown]
# `/apix`는 `web`으로 갑니다. `Prefix`는 경로 요소(path element) 단위로 통째로 비교하므로 `/api`가
# `/apix`를 포함하지 않습니다.
#
# 경로는 `/`가 먼저 적혀 있는데도 ALB는 `/api`에 더 작은 우선순위 번호를 줘서 먼저 검사합니다.
# 컨트롤러 v2.4.3부터 AWS Load Balancer Controller는 *규칙 하나 안의* 경로를 정렬합니다. `Exact`가
# 먼저, 그다음 `Prefix`를 긴 것부터, 마지막으로 `ImplementationSpecific`을 적힌 순서대로 둡니다.

# %%
alb_rules(ONE_RULE)

# %% [markdown]
# ## 수정 1: 경로를 규칙 두 개로 나누기
#
# 호스트도 경로도 그대로지만 경로마다 규칙을 따로 두고, `/`를 먼저 씁니다. 규칙을 자동으로
# 생성하거나 여러 조각을 복사해 붙이다 보면 흔히 이런 모양이 됩니다.

# %%
TWO_RULES = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(TWO_RULES)
alb_rules(TWO_RULES)

# %% [markdown]
# 이제 ALB는 `/api`와 `/api/orders`를 `web`으로 보냅니다. 컨트롤러는 규칙 하나 안에서만 경로를
# 정렬하고, 규칙 사이(그리고 인그레스 사이)의 우선순위는 적힌 순서를 따릅니다. `/` 규칙이 우선순위
# 1을 받는데, 그 패턴 `/*`는 모든 경로에 매치되고 ALB는 처음 매치된 규칙에서 멈춥니다. NGINX는 두
# 규칙을 `server shop.example.com` 하나로 합치고, 어디에 적혔든 매치되는 location 중 가장 긴
# `/api`를 고릅니다. spec 모델도 마찬가지입니다.

# %% [markdown]
# ## 수정 2: /api를 Exact로
#
# 다시 규칙 하나로 돌아가 `/api`의 `pathType`을 `Exact`로 바꿉니다. `/api/orders`를 눈여겨보세요.
# `Exact` 경로는 자기 자신에만 매치됩니다.

# %%
EXACT = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
          - path: /api
            pathType: Exact
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(EXACT)

# %% [markdown]
# ## 수정 3: 호스트 없는 규칙을 먼저
#
# 호스트가 없는 캐치올(catch-all) 규칙 뒤에 `admin.example.com` 규칙을 둡니다. spec 모델과
# NGINX에서는 어디에 적혔든 호스트를 정확히 지정한 규칙이 호스트 없는 규칙보다 우선합니다. ALB에서는
# 호스트 없는 규칙이 우선순위 1을 받아 모든 호스트에 매치됩니다.

# %%
HOSTLESS_FIRST = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: portal}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: public, port: {number: 80}}}
    - host: admin.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: admin, port: {number: 80}}}
"""
answers(HOSTLESS_FIRST, ["/", "/users"], host="admin.example.com")

# %% [markdown]
# ## 수정 4: ALB 하나에 인그레스 여러 개
#
# 팀마다 인그레스를 하나씩 쓰는 경우가 많습니다. ingress-nginx는 자기 클래스의 모든 인그레스를
# 알아서 설정 하나로 합칩니다. AWS Load Balancer Controller는
# `alb.ingress.kubernetes.io/group.name`이 같은 인그레스들을 ALB 하나에 올리고(인그레스 그룹,
# IngressGroup), 그 규칙들을 `alb.ingress.kubernetes.io/group.order` 어노테이션(annotation)
# 값(기본값 0) 순으로, 그다음 네임스페이스와 이름 순으로 정렬합니다. 여기서는 `a-web`이 `b-api`보다
# 앞에 옵니다.

# %%
A_WEB = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a-web
  annotations: {alb.ingress.kubernetes.io/group.name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
"""
B_API = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b-api
  annotations: {alb.ingress.kubernetes.io/group.name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(A_WEB + "---" + B_API)

# %% [markdown]
# `group.order`가 작을수록 그 인그레스의 규칙이 앞에 옵니다. `b-api`에 order `-1`을 줘 봅니다.

# %%
B_API_FIRST = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b-api
  annotations:
    alb.ingress.kubernetes.io/group.name: shop
    alb.ingress.kubernetes.io/group.order: "-1"
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(A_WEB + "---" + B_API_FIRST)
alb_rules(A_WEB + "---" + B_API_FIRST)

# %% [markdown]
# 요청 하나에 대해 각 모델이 시도한 규칙을 모두 보려면 설명(explanation)을 요청하면 됩니다.
# `ingresslab.route(manifests, url, controller="alb", explain=True).explain`을 쓰거나, 명령줄에서
# `ingresslab route -f FILE --explain URL`을 실행합니다.
#
# ## 연습 문제
#
# 연습 문제마다 변수 하나를 정합니다. 노트북이 처음부터 끝까지 실행되도록 정답이 미리 채워져 있고,
# 바로 다음 셀이 모델에 비추어 그 답을 확인합니다. 답을 바꾼 뒤 확인 셀을 실행해 실패하는 모습도
# 확인해 보세요.
#
# **연습 1.** `TWO_RULES`에서 ALB는 `http://shop.example.com/api/v2/items`를 어느 서비스로 보낼까요?
# `alb_service`에 적으세요.

# %%
alb_service = "web"

# %%
result = ingresslab.route(
    ingresslab.loads(TWO_RULES), "http://shop.example.com/api/v2/items", controller="alb"
)
assert result.backend is not None and alb_service == result.backend.service
assert result.matched is not None
print(f"correct: rule {result.matched.priority} ({result.matched.path}) matches first")

# %% [markdown]
# **연습 2.** `TWO_RULES`에서 ALB는 `/api` 규칙에 우선순위를 몇으로 줄까요? `api_priority`에
# 적으세요.

# %%
api_priority = 2

# %%
(alb,) = ingresslab.Engine(ingresslab.loads(TWO_RULES)).alb.load_balancers
priorities = {rule.path: rule.priority for rule in alb.listeners[0].rules}
assert api_priority == priorities["/api"], priorities
print("correct: rules are numbered in the order spec.rules lists them")

# %% [markdown]
# **연습 3.** *규칙 두 개(각각 경로 하나)를 유지한 채로* `TWO_RULES`를 고쳐서, 모든 모델이
# `/api/orders`는 `api`로, `/`는 `web`으로 보내게 만드세요. 고친 버전은 `my_ingress`에 넣습니다.

# %%
my_ingress = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
"""

# %%
mine = ingresslab.loads(my_ingress, "my_ingress.yaml")
assert not mine.errors, [p.message for p in mine.errors]
assert len(mine.ingresses) == 1 and len(mine.ingresses[0].rules) == 2, "keep two rules"
for path, wanted in [("/api/orders", "api"), ("/", "web")]:
    got = ingresslab.route_all(mine, f"http://shop.example.com{path}")
    services = {a.controller: a.backend.service if a.backend else a.status for a in got}
    assert set(services.values()) == {wanted}, f"{path}: {services}"
print("correct: under the ALB, write the more specific rule first")

# %% [markdown]
# **연습 4.** `HOSTLESS_FIRST`에서 NGINX는 `http://ADMIN.example.com/`을 어느 서비스로 보낼까요?
# (호스트는 소문자로 바꿔 비교합니다.) `nginx_service`에 적으세요.

# %%
nginx_service = "admin"

# %%
result = ingresslab.route(
    ingresslab.loads(HOSTLESS_FIRST), "http://ADMIN.example.com/", controller="nginx"
)
assert result.backend is not None and nginx_service == result.backend.service
print("correct: server", result.matched.host if result.matched else None)

# %% [markdown]
# ## 다음 단계
#
# "매니페스트가 있습니다" 읽기 경로의 다음 단계는 [내 클러스터 점검하기](../../how-to/check-my-cluster/)입니다.
# 이 실습들이 물어본 모든 것을 클러스터 덤프 전체에 대해 보고서 하나로 보여 줍니다. 모델들의 답이
# 왜 갈리는지 규칙 하나하나 살펴보려면
# [ALB와 NGINX: 차이점 모음](../../explanation/alb-vs-nginx-differences/)을 읽어 보세요.
