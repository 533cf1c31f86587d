# ---
# jupyter:
#   translated_from: 7e83b6e512ee41ce
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 첫 URL 라우팅하기
#
# 이 튜토리얼에서는 [이 사이트의 예제 인그레스](../../tutorials/your-first-ingress/#the-example-ingress)를
# 불러와, 요청을 어느 서비스(Service)가 받는지 Ingress Lab에 물어봅니다. 셀을 위에서 아래로 차례대로
# 실행합니다. 각 셀은 라우팅 코어가 내놓는 답을 출력합니다.
#
# ## 인그레스 불러오기
#
# `ingresslab.load`는 YAML 파일 안의 매니페스트를 모두 읽습니다. 이 노트북은 `notebooks/`에 있으므로,
# 예제 파일은 한 단계 위 디렉터리에 있습니다.

# %%
import ingresslab

manifests = ingresslab.load("../examples/some-ingress.yaml")
print([ingress.name for ingress in manifests.ingresses], manifests.errors)

# %% [markdown]
# 불러오기는 예외를 던지지 않습니다. 매니페스트의 잘못된 점은 모두 `manifests.problems`에 모이고,
# 그중 API 서버가 거부할 항목은 `manifests.errors`에 담깁니다. 이 파일에는 인그레스가 하나 있고 오류는
# 없습니다.

# %% [markdown]
# ## URL 라우팅하기
#
# 이 인그레스에는 호스트 `my.example.com`용 규칙이 있고, 그 규칙에 `Prefix` 경로 `/some-path`가
# 있습니다. 따라서 이 요청은 `service-a`의 포트 80에 도달해야 합니다.

# %%
result = ingresslab.route(manifests, "http://my.example.com/some-path")
print(result.outcome, result.backend)

# %% [markdown]
# ## 다른 호스트로 해 보기
#
# 두 번째 규칙은 와일드카드 호스트 `*.example.com`용이며, `example.com` 앞의 DNS 레이블 정확히 하나와
# 매칭합니다. 세 번째 규칙에는 호스트가 아예 없으므로, 다른 규칙이 지정하지 않은 모든 호스트의 요청을
# 받습니다. `ingresslab.table`은 답을 한 줄에 하나씩 나란히 보여 줍니다.

# %%
urls = ["http://shop.example.com/some-path", "http://other.org/some-path"]
results = [ingresslab.route(manifests, url) for url in urls]
print(ingresslab.table(results, "request.host", "outcome", "backend"))

# %% [markdown]
# ## 다음 단계
#
# 이 노트북은 [첫 인그레스](../../tutorials/your-first-ingress/)를 직접 실습해 보는 곳입니다. 그
# 튜토리얼은 같은 인그레스를 규칙 하나씩 읽으면서, 각 모델이 호스트, 경로, pathType을 어떻게 다루는지
# 보여 줍니다.
