# ---
# jupyter:
#   translated_from: 97149edcabafcd7a
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 실습: HTTPRoute 우선순위, 요청 하나하나로
#
# Gateway API는 여러 규칙이 매치될 때 어느 규칙이 요청을 가져가는지를, 리스너에 붙은 모든 라우트에
# 걸친 하나의 순서로 정합니다. 가장 정확한 호스트 이름, 그다음 `Exact` 경로, 가장 긴 `PathPrefix`,
# 메서드, 가장 많은 헤더, 가장 많은 쿼리 파라미터, 그리고 가장 오래된 라우트와 첫 번째 규칙입니다.
# 이 실습에서는 HTTPRoute를 문자열에 담아 두고 고쳐 가면서, 고칠 때마다 요청 몇 개가 어디로 가는지
# Gateway API 모델에 물어봅니다.
#
# 마지막의 연습 문제는 노트북이 직접 채점합니다.

# %% [markdown]
# ## 도우미 함수: 요청마다 어디로 가는지
#
# 이 실습의 라우트는 모두 Gateway `web` 하나에 붙습니다. 이 Gateway에는 모든 호스트를 받는 HTTP
# 리스너가 하나 있습니다. `answers`는 Gateway와 여러분의 라우트를 문자열에서 읽는데, API 서버가
# 거부할 매니페스트는 똑같이 거부합니다(고친 내용에 오타가 있으면 여기서 줄 번호와 함께 드러납니다).
# 그다음 요청마다 한 줄씩 요청(호스트는 `shop.example.com`이 아닐 때만), Gateway의 답(백엔드,
# 리다이렉트, 또는 결과 값), 그리고 답을 정한 라우트와 규칙을 출력합니다. `request`는
# `shop.example.com`으로 가는 요청을 메서드, 헤더와 함께 만듭니다.

# %%
import ingresslab
from ingresslab import Request, answer_text

GATEWAY = """
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web}
spec:
  gatewayClassName: example
  listeners: [{name: http, port: 80, protocol: HTTP}]
"""


def request(path: str, method: str = "GET", *headers: str) -> Request:
    return Request.from_url(f"http://shop.example.com{path}", method=method, headers=headers)


def shown(answer: ingresslab.Resolution) -> str:
    sent = answer.request
    host = "" if sent.host == "shop.example.com" else sent.host
    headers = [f"{name}: {value}" for name, value in sent.headers]
    return " ".join([sent.method, host + sent.target, *headers])


def rule(answer: ingresslab.Resolution) -> str | None:
    if answer.matched is None:
        return None
    return f"{answer.matched.route} rule {answer.matched.rule}"


def answers(routes: str, requests: list[Request]) -> None:
    manifests = ingresslab.loads(GATEWAY + "---" + routes, "lab.yaml")
    assert not manifests.errors, [f"line {p.line}: {p.message}" for p in manifests.errors]
    engine = ingresslab.Engine(manifests)
    results = [engine.answer(r, "gateway") for r in requests]
    print(ingresslab.table(results, ("request", shown), ("answer", answer_text), ("rule", rule)))


# %% [markdown]
# ## 출발점: 모든 경로를 받는 규칙을 먼저
#
# `shop.example.com`을 위한 라우트 하나입니다. `/`는 `web`으로, 그다음 `/api`는 `api`로 보냅니다.
# 인그레스로 만든 ALB라면 먼저 쓰인, 모든 경로를 받는 규칙이 모든 요청을 가져갈 것입니다. Gateway
# API에서는 어디에 쓰였든 더 긴 prefix가 이깁니다.

# %%
START = """
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, creationTimestamp: "2026-03-02T09:00:00Z"}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs: [{name: web, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: api, port: 80}]
"""
answers(START, [request("/"), request("/api"), request("/api/orders"), request("/apix")])

# %% [markdown]
# `/apix`는 `web`으로 갑니다. `PathPrefix`는 경로 요소 단위로 매치하므로 `/api`는 `/apix`를
# 포함하지 않습니다.
#
# ## 수정 1: Exact 경로
#
# 끝에 `Exact` 경로 `/api/health`를 가진 규칙을 더합니다. `Exact` 매치는 어떤 prefix보다도
# 앞서지만, 바로 그 경로에만 해당합니다.

# %%
EXACT = (
    START
    + """
    - matches: [{path: {type: Exact, value: /api/health}}]
      backendRefs: [{name: health, port: 80}]
"""
)
answers(EXACT, [request("/api/health"), request("/api/health/"), request("/api/health/db")])

# %% [markdown]
# ## 수정 2: 메서드와 헤더
#
# prefix `/api`에 규칙 두 개를 더합니다. 하나는 `POST` 요청용, 하나는 헤더 `X-Version: v2`가 있는
# 요청용입니다. 둘 다 평범한 `/api` 규칙보다 앞서고, 메서드가 헤더보다 앞섭니다. 헤더 이름은
# 대소문자를 가리지 않고 비교합니다.

# %%
CONDITIONS = (
    START
    + """
    - matches: [{path: {type: PathPrefix, value: /api}, method: POST}]
      backendRefs: [{name: orders, port: 80}]
    - matches:
        - path: {type: PathPrefix, value: /api}
          headers: [{name: X-Version, value: v2}]
      backendRefs: [{name: api-v2, port: 80}]
"""
)
answers(
    CONDITIONS,
    [
        request("/api/orders"),
        request("/api/orders", "POST"),
        request("/api/orders", "GET", "x-version: v2"),
        request("/api/orders", "POST", "X-Version: v2"),
    ],
)

# %% [markdown]
# ## 수정 3: 같은 호스트를 위한 다른 팀의 라우트
#
# 두 번째 HTTPRoute `shop-next`도 `shop.example.com`을 위한 것이고, `shop`과 같은
# `PathPrefix /api`와 자기만의 더 긴 prefix를 갖습니다. 두 라우트의 규칙은 하나의 순서 안에서
# 겨룹니다. 매치 조건이 같으면 더 오래된 라우트가 이깁니다. `shop`이 먼저 만들어졌습니다.

# %%
NEXT = """
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop-next, creationTimestamp: "2026-05-11T09:00:00Z"}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: api-next, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /api/cart}}]
      backendRefs: [{name: cart, port: 80}]
"""
answers(START + NEXT, [request("/api/orders"), request("/api/cart/items")])

# %% [markdown]
# `shop-next`를 더 오래된 라우트로 만들면 `shop`에게서 `/api`를 가져옵니다.

# %%
OLDER_NEXT = NEXT.replace("2026-05-11", "2026-01-11")
answers(START + OLDER_NEXT, [request("/api/orders"), request("/api/cart/items")])

# %% [markdown]
# ## 수정 4: 와일드카드 호스트 이름
#
# `*.example.com`을 위한 라우트에 `Exact /api/orders` 규칙이 있습니다. `Exact` 경로는 어떤
# prefix보다도 앞서지만, 호스트 이름이 똑같이 잘 매치되는 라우트들 사이에서만 그렇습니다.
# `shop.example.com`에서는 호스트를 정확히 지정한 라우트가 먼저입니다. `example.com` 아래의 다른
# 호스트에는 와일드카드 라우트만 있습니다.

# %%
WILDCARD = """
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: legacy}
spec:
  parentRefs: [{name: web}]
  hostnames: ["*.example.com"]
  rules:
    - matches: [{path: {type: Exact, value: /api/orders}}]
      backendRefs: [{name: legacy-orders, port: 80}]
"""
answers(
    START + WILDCARD,
    [request("/api/orders"), Request.from_url("http://m.example.com/api/orders")],
)

# %% [markdown]
# ## 수정 5: 리다이렉트와 rewrite
#
# `RequestRedirect` 필터는 백엔드 대신 답하고, `URLRewrite` 필터는 백엔드가 받는 경로를
# 바꿉니다(`as` 뒤에 보입니다).

# %%
MOVES = (
    START
    + """
    - matches: [{path: {type: PathPrefix, value: /old-api}}]
      filters:
        - type: RequestRedirect
          requestRedirect:
            path: {type: ReplacePrefixMatch, replacePrefixMatch: /api}
            statusCode: 301
    - matches: [{path: {type: PathPrefix, value: /v1}}]
      filters:
        - type: URLRewrite
          urlRewrite:
            path: {type: ReplacePrefixMatch, replacePrefixMatch: /api/v1}
      backendRefs: [{name: api, port: 80}]
"""
)
answers(MOVES, [request("/old-api/orders?page=2"), request("/v1/orders")])

# %% [markdown]
# ## 수정 6: 다른 네임스페이스의 백엔드
#
# 백엔드가 네임스페이스 `analytics`에 있는 규칙입니다. 그곳의 어떤 ReferenceGrant도 이를 허용하지
# 않으므로 참조는 유효하지 않고, 다른 규칙이 어떻든 Gateway API는 이 규칙에 매치되는 모든 요청에
# 500(`invalid-backend`)으로 답합니다.

# %%
REPORTS = (
    START
    + """
    - matches: [{path: {type: PathPrefix, value: /reports}}]
      backendRefs: [{name: reports, namespace: analytics, port: 80}]
"""
)
answers(REPORTS, [request("/reports/2026"), request("/api/orders")])

# %% [markdown]
# 요청 하나에 대해 모델이 시도한 규칙을 우선순위 순서대로 모두 보려면 설명을 요청하십시오.
# `ingresslab.Engine(manifests).answer(request, "gateway", explain=True).explain`입니다.
#
# ## 연습 문제
#
# 연습 문제마다 변수 하나를 정합니다. 노트북이 처음부터 끝까지 실행되도록 정답이 미리 채워져 있고,
# 그다음 셀이 모델과 맞춰 채점합니다. 답을 바꾸고 채점 셀을 실행해 틀리는 것을 확인해 보십시오.
#
# **연습 1.** `CONDITIONS`에서 헤더 `X-Version: v2`가 있는 `POST /api/orders`는 어느 서비스로
# 갈까요? `service_1`에 정하십시오.

# %%
service_1 = "orders"


# %%
def gateway_answer(routes: str, req: Request) -> ingresslab.Resolution:
    return ingresslab.Engine(ingresslab.loads(GATEWAY + "---" + routes)).answer(req, "gateway")


result = gateway_answer(CONDITIONS, request("/api/orders", "POST", "X-Version: v2"))
assert result.backend is not None and service_1 == result.backend.service, result.backend
print("correct: a method match ranks above a header match")

# %% [markdown]
# **연습 2.** `START + NEXT`에서 `GET /api/orders`는 어느 HTTPRoute가 가져갈까요? 그
# `namespace/name`을 `route_2`에 정하십시오.

# %%
route_2 = "default/shop"

# %%
result = gateway_answer(START + NEXT, request("/api/orders"))
assert result.matched is not None and route_2 == result.matched.route, result.matched
print("correct: for the same match, the older route wins")

# %% [markdown]
# **연습 3.** `START`에 `/api/v2`와 그 아래 모든 경로를 서비스 `api-v2`로 보내는 규칙을 더하되,
# 라우트의 *첫 번째* 규칙으로 쓰십시오. 다른 경로는 모두 원래 가던 곳으로 가야 합니다. 여러분의
# 라우트를 `my_route`에 넣으십시오.

# %%
my_route = """
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api/v2}}]
      backendRefs: [{name: api-v2, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs: [{name: web, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: api, port: 80}]
"""

# %%
mine = ingresslab.loads(GATEWAY + "---" + my_route, "my_route.yaml")
assert not mine.errors, [f"line {p.line}: {p.message}" for p in mine.errors]
(route,) = mine.http_routes
first = route.rules[0].matches[0].path
assert (first.type, first.value) == ("PathPrefix", "/api/v2"), "write /api/v2 as the first rule"
expected = {"/api/v2/items": "api-v2", "/api/v2": "api-v2", "/api/v20": "api", "/": "web"}
for path, wanted in expected.items():
    got = gateway_answer(my_route, request(path)).backend
    assert got is not None and got.service == wanted, f"{path}: {got}"
print("correct: the longest prefix wins, wherever it is written")

# %% [markdown]
# **연습 4.** `REPORTS`에서 `GET /reports/2026`은 어떤 상태 코드를 받을까요? `status_4`에
# 정하십시오.

# %%
status_4 = 500

# %%
result = gateway_answer(REPORTS, request("/reports/2026"))
assert status_4 == result.status, result.status
print("correct: the reference is not allowed (RefNotPermitted), so the rule answers 500")

# %% [markdown]
# ## 다음 단계
#
# 이 실습은 읽기 경로 "후속 표준, Gateway API"에 있습니다. 그다음은
# [진입 방식 고르기(2026)](../../how-to/choose-a-way-in-2026/)로, ALB(인그레스로 만든 것과
# Gateway로 만든 것), NLB 뒤의 클러스터 내부 Gateway API 구현체, EKS Auto Mode를 서로 견주어
# 봅니다. [왜 Gateway API인가](../../explanation/why-gateway-api/)는 여기서 고친 객체들을
# 설명하고, [ingress-nginx를 떠나 Gateway API로
# 옮기기](../../how-to/leave-ingress-nginx-for-gateway-api/)는 ingress-nginx가 읽던 인그레스를 이런
# 라우트로 바꿉니다.
