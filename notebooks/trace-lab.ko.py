# ---
# jupyter:
#   translated_from: e8278fa5b8855ea8
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 실습: 요청 하나를 홉 단위로 추적하기
#
# 15분 정도 걸립니다. 요청 하나, `http://shop.example.com/api/items`가 클라이언트에서 파드(Pod)까지
# 가는 길을 EKS에서 인그레스(Ingress)를 운영하는 대표적인 세 가지 방식으로 따라가면서, 홉(hop)마다
# 한 가지만 지켜봅니다. *클라이언트의 IP 주소는 어디에 있는가?* 로그, 요청 수 제한(rate limit), 허용
# 목록(allow list)에 꼭 필요한 정보입니다. 또 출발지 주소 보존은 2019년 AWS Open Source 블로그가
# NLB + NGINX를 권한 이유 중 하나이기도 합니다
# (["Using a Network Load Balancer with the NGINX Ingress Controller on Amazon EKS"](https://aws.amazon.com/blogs/opensource/network-load-balancer-nginx-ingress-controller-eks/)).
#
# - `alb-ip`: ALB(AWS Load Balancer Controller, `target-type: ip`)가 파드 IP로 바로 보냅니다.
# - `alb-instance`: ALB가 노드 포트(nodePort)로 보내고, kube-proxy가 파드로 전달합니다.
# - `nlb-nginx`: NLB가 TCP를 ingress-nginx 파드로 전달하고, NGINX가 파드로 라우팅합니다.
#
# 매니페스트는 `examples/shop.yaml`입니다. `web`과 `api` 디플로이먼트(Deployment), 각각의 NodePort
# 서비스(Service), 그리고 인그레스 하나로 이루어져 있습니다. 클라이언트 주소는 `203.0.113.7`이고,
# 나머지 주소는 모두 모델이 정한 것으로 실행할 때마다 같습니다. 마지막의 연습 문제는 노트북이 직접
# 채점합니다.

# %%
import ingresslab
from ingresslab import TraceSettings, trace

shop = ingresslab.load("../examples/shop.yaml")
URL = "http://shop.example.com/api/items"
CLIENT = "203.0.113.7"
print("errors:", shop.errors)

# %% [markdown]
# ## 도우미 함수: 홉마다 클라이언트 주소 보기
#
# `trace`는 거쳐 간 홉을 순서대로 돌려줍니다. `client_ip_view`는 클라이언트 다음의 홉마다, 그 홉이
# 연결의 출발지로 보는 주소와, 클라이언트 주소가 어떤 형태로 도달했는지를 보여 줍니다. 연결의 출발지 주소 그대로인지,
# `X-Forwarded-For` 헤더 안에만 있는지, 아예 도달하지 못했는지입니다.


# %%
def source(hop: ingresslab.Hop) -> str:
    """The address the hop sees as the source of its connection (without the port)."""
    return hop.source.rsplit(":", 1)[0]


def client_ip(hop: ingresslab.Hop) -> str:
    if source(hop) == CLIENT:
        return "the source"
    if hop.forwarded_for == CLIENT:
        return "in X-Forwarded-For"
    if hop.forwarded_for:
        return f"lost: X-Forwarded-For says {hop.forwarded_for}"
    return "not seen"


def client_ip_view(result: ingresslab.Trace) -> None:
    print(ingresslab.table(result.hops[1:], "kind", ("sees", source), ("client IP", client_ip)))
    if result.error:
        print("error:", result.error)


# %% [markdown]
# ## 1. ip 대상을 쓰는 ALB
#
# ALB는 클라이언트의 연결을 종료(terminate)하고, 클러스터 바깥에서 리스너 규칙(listener rule)을
# 매치한 뒤, 자신의 사설 주소에서 파드 IP로 새 연결을 엽니다. 클라이언트 주소는 ALB가 추가하는
# `X-Forwarded-For`에 실려 갑니다.

# %%
alb_ip = trace(shop, URL, "alb-ip")
client_ip_view(alb_ip)

# %% [markdown]
# ## 2. instance 대상을 쓰는 ALB와 externalTrafficPolicy
#
# `instance` 대상이면 ALB는 노드(Node)에 열린 서비스의 nodePort로 보냅니다. 기본값인
# `externalTrafficPolicy: Cluster`에서는 kube-proxy가 어느 노드의 파드로든 전달할 수 있고, 이때
# 출발지를 노드 자신의 주소로 바꿉니다(출발지 NAT, source NAT). 고른 파드가 바로 그 노드에서 실행
# 중이어도 마찬가지입니다. 그래서 파드에는 노드가 보입니다(쿠버네티스 문서,
# [Using Source IP](https://kubernetes.io/docs/tutorials/services/source-ip/)).

# %%
alb_instance = trace(shop, URL, "alb-instance")
client_ip_view(alb_instance)

# %% [markdown]
# `externalTrafficPolicy: Local`이면 kube-proxy는 같은 노드에 있는 파드로만 전달하고 출발지 주소를
# 그대로 둡니다. 그런 파드가 없는 노드는 로드 밸런서(load balancer)의 헬스 체크(health check)에
# 실패합니다(kubernetes.io, "Create an External Load Balancer"). 이제 파드에는 노드가 아니라 ALB가
# 보입니다. 다만 ALB에서는 `X-Forwarded-For`가 달라지지 않습니다. 헤더는 그 전에 이미 붙었기
# 때문입니다.

# %%
local = TraceSettings(external_traffic_policy="Local")
client_ip_view(trace(shop, URL, "alb-instance", local))

# %% [markdown]
# ## 3. NLB + ingress-nginx
#
# 여기서 NLB의 리스너는 TCP입니다. NLB는 연결을 종료하지 않고 그대로 전달합니다. (NLB는 TLS를
# 종료하거나 UDP를 실어 나를 수도 있지만, 호스트나 경로로 라우팅하는 일은 결코 없습니다.)
# ingress-nginx가 제공하는 AWS용 매니페스트대로 구성하면(`instance` 대상을 쓰는 NLB, 컨트롤러 서비스에
# `externalTrafficPolicy: Local`) 클라이언트 주소가 연결의 출발지 주소로서 NGINX까지 그대로 도착하고,
# NGINX가 이를 `X-Forwarded-For`에 적습니다. (ingress-nginx는 2026년 3월에 지원이 종료되었습니다. 이 모델은 마지막 릴리스인 v1.15.1을
# 기준으로 합니다.)

# %%
nlb_nginx = trace(shop, URL, "nlb-nginx")
client_ip_view(nlb_nginx)

# %% [markdown]
# 이것이 2019년 AWS 블로그가 NLB의 장점으로 꼽은 출발지 주소 보존입니다. 단, 가는 길에 출발지를
# 바꾸는 것이 하나도 없을 때만 성립합니다. 컨트롤러 서비스의 `externalTrafficPolicy`를 `Cluster`로
# 바꾸면 kube-proxy의 출발지 NAT 때문에 NGINX에는 노드 주소가 보이고, NGINX는 그 주소를 클라이언트
# 주소라고 기록합니다.

# %%
cluster_policy = TraceSettings(external_traffic_policy="Cluster")
client_ip_view(trace(shop, URL, "nlb-nginx", cluster_policy))

# %% [markdown]
# ## 4. ip 대상을 쓰는 NLB와 PROXY protocol
#
# `ip` 대상이면 NLB는 ingress-nginx 파드로 바로 보내는데, TCP `ip` 대상에서는 AWS가 클라이언트 IP
# 보존(client IP preservation)을 기본으로 *끕니다*. 그래서 NGINX에는 NLB의 사설 주소가 보입니다.

# %%
ip_targets = TraceSettings(nlb_target_type="ip")
client_ip_view(trace(shop, URL, "nlb-nginx", ip_targets))

# %% [markdown]
# PROXY protocol v2로 이 문제를 해결합니다. NLB가 연결 데이터 앞에 클라이언트 주소를 담은 헤더를
# 붙입니다. 단, 양쪽 설정이 맞아야 합니다. NLB 대상 그룹(target group) 속성과 ingress-nginx의
# `use-proxy-protocol: "true"`를 *둘 다* 켜야 하며, 한쪽만 켜면 모든 요청이 실패합니다.

# %%
PROXY = ("off", "both", "nlb-only", "nginx-only")
results = [
    trace(shop, URL, "nlb-nginx", TraceSettings(nlb_target_type="ip", proxy_protocol=proxy))
    for proxy in PROXY
]
print(
    ingresslab.table(
        zip(PROXY, results, strict=True),
        ("PROXY protocol", lambda row: row[0]),
        ("X-Forwarded-For", lambda row: row[1].client_ip_in_header),
        ("error", lambda row: row[1].error),
    )
)

# %% [markdown]
# ## 세 가지를 나란히
#
# 매니페스트와 기본값대로 구성했을 때, 아키텍처마다 거치는 홉, 파드가 보는 주소, 그리고
# `X-Forwarded-For`로 파드에 전달되는 값입니다.

# %%
print(
    ingresslab.table(
        (alb_ip, alb_instance, nlb_nginx),
        "architecture",
        "pod_sees",
        "client_ip_in_header",
        ("hops", lambda result: " -> ".join(hop.kind for hop in result.hops[1:])),
    )
)

# %% [markdown]
# 이 사이트는 같은 모델로 각 경로를 다이어그램으로 그려, 설명 페이지
# [세 가지 진입 방식, 홉 단위로 보기](../../explanation/one-request-three-ways/)에 싣고 있습니다.

# %% [markdown]
# ## 연습 문제
#
# 연습 문제마다 변수 하나를 정합니다. 노트북이 처음부터 끝까지 실행되도록 정답이 미리 채워져 있고,
# 바로 다음 셀이 모델에 비추어 그 답을 확인합니다. 답을 바꾼 뒤 확인 셀을 실행해 실패하는 모습도
# 확인해 보세요.
#
# **연습 1.** 기본 `externalTrafficPolicy`에서 `alb-instance`로 갈 때, 요청은 클라이언트 다음으로
# 홉을 몇 개 거칠까요? `instance_hops`에 적으세요.

# %%
instance_hops = 4

# %%
assert instance_hops == len(alb_instance.hops) - 1, [hop.kind for hop in alb_instance.hops]
print("correct:", " -> ".join(hop.kind for hop in alb_instance.hops))

# %% [markdown]
# **연습 2.** `externalTrafficPolicy: Cluster`인 `alb-instance`에서 파드는 누구의 주소를 연결의
# 출발지로 볼까요? `"client"`, `"load-balancer"`, `"node"` 중 하나를 `pod_sees`에 적으세요.

# %%
pod_sees = "node"

# %%
node_ips = {node.ip for node in ingresslab.Cluster.from_manifests(shop).nodes}
if alb_instance.pod_sees == CLIENT:
    role = "client"
elif alb_instance.pod_sees in node_ips:
    role = "node"
else:
    role = "load-balancer"
assert pod_sees == role, f"the pod sees {alb_instance.pod_sees}"
print("correct: kube-proxy's source NAT replaces the source with the node's address")

# %% [markdown]
# **연습 3.** `ip` 대상에 PROXY protocol을 끈 `nlb-nginx`에서, 파드가 받는 `X-Forwarded-For`에
# 클라이언트의 실제 주소가 담길까요? `client_ip_kept`에 `True`나 `False`를 적으세요.

# %%
client_ip_kept = False

# %%
no_proxy = trace(shop, URL, "nlb-nginx", TraceSettings(nlb_target_type="ip"))
assert client_ip_kept == (no_proxy.client_ip_in_header == CLIENT)
print("correct: X-Forwarded-For is", no_proxy.client_ip_in_header, "(the NLB's address)")

# %% [markdown]
# **연습 4.** 기본값인 `instance` 대상을 쓰는 `nlb-nginx`에서, 컨트롤러 서비스의
# `external_traffic_policy`를 무엇으로 해야(`"Cluster"` 또는 `"Local"`) NGINX가 클라이언트의 실제
# 주소를 `X-Forwarded-For`에 넣을 수 있을까요? `keeps_client_ip`에 적으세요.

# %%
keeps_client_ip = "Local"

# %%
kept = {
    policy: trace(
        shop, URL, "nlb-nginx", TraceSettings(external_traffic_policy=policy)
    ).client_ip_in_header
    == CLIENT
    for policy in ("Cluster", "Local")
}
assert kept[keeps_client_ip], kept
print("correct:", kept)

# %% [markdown]
# ## 다음 단계
#
# 이 실습은 [세 가지 진입 방식, 홉 단위로 보기](../../explanation/one-request-three-ways/)를 직접 해
# 보는 곳입니다. 내 환경에서 클라이언트 주소를 지키는 방법은
# [클라이언트 IP 유지하기](../../how-to/keep-the-client-ip/)를 보세요.
